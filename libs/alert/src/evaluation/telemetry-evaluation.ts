import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { TelemetryReading } from '@app/contracts';
import { queryRecords } from '@app/database';
import { AlertOptions, InjectAlertOptions } from '../alert.options';
import { AlertStore } from '../alerts/alert-store';
import type { RuleFire } from '../alerts/alert-tx';
import { KioskFactsForAlerts } from '../alerts/kiosk-facts-for-alerts';
import { Decision, inScope, RuleEvaluator, TelemetryRule } from '../conditions/rule-evaluator';
import { RuleCache } from '../rules/rule-cache';
import { AlertMetrics } from './alert-metrics';
import { READING_COLUMNS, StoredReadingRow, toReading } from './stored-readings';

/** How far back a kiosk's readings are replayed to rebuild its state: bounded, whatever the rules say. */
const MAX_REPLAY_SEC = 3600;

/** A run of decisions in which each (kiosk, rule) appears at most once, so a run is one write. */
interface WriteRound {
  fires: Map<string, RuleFire & { receivedAt: Date }>;
  clears: Map<string, { kioskId: number; ruleId: string }>;
}

/**
 * Live rule evaluation of stored readings on the instance that stored them. State lives in memory
 * (RuleEvaluator); the first time a kiosk's readings arrive here (after a start, or after it moved
 * from another instance) its state is rebuilt from the database: its unresolved rule alerts, and
 * its recent readings replayed. Evaluation runs batch after batch in order; the resulting writes
 * follow in order on a second lane, so a slow write never reorders decisions.
 */
@Injectable()
export class TelemetryEvaluation {
  private readonly logger = new Logger(TelemetryEvaluation.name);
  private readonly evaluator: RuleEvaluator;
  /** Kiosks whose state here is current: when their last batch was evaluated (ms), their last seq. */
  private readonly warm = new Map<number, { at: number; seq: number | null }>();
  /** The telemetry rules in scope of each kiosk, until the rules or its tags change. */
  private readonly applicable = new Map<
    number,
    { rulesVersion: number; tagsAt: number; rules: TelemetryRule[] }
  >();
  private rulesVersion = 0;
  private evaluating: Promise<unknown> = Promise.resolve();
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectAlertOptions() private readonly options: AlertOptions,
    private readonly rules: RuleCache,
    private readonly kiosks: KioskFactsForAlerts,
    private readonly store: AlertStore,
    private readonly metrics: AlertMetrics,
  ) {
    this.evaluator = new RuleEvaluator(options.autoResolveReadings);
    metrics.stateSize = () => this.evaluator.size;
    rules.onReload(() => {
      this.rulesVersion++;
      this.evaluator.retainRules(new Set(rules.telemetry.map((r) => r.id)));
    });
  }

  /** Evaluates one committed batch; resolves once the alerts it causes are written and announced. */
  async evaluateBatch(readings: readonly TelemetryReading[]): Promise<void> {
    if (!this.rules.telemetry.length || !readings.length) return;
    const decided = this.evaluating.then(() => this.decide(readings));
    this.evaluating = decided.catch(() => undefined);
    const decisions = await decided;
    if (!decisions.length) return;
    const written = this.writing.then(() => this.write(decisions));
    this.writing = written.catch(() => undefined);
    await written;
  }

  private async decide(readings: readonly TelemetryReading[]): Promise<Decision[]> {
    const kioskIds = new Set(readings.map((r) => r.kioskId));
    await this.kiosks.ensureTags(kioskIds);
    const cold = this.coldKiosks(readings);
    if (cold.length) {
      await this.rebuild(cold, readings).catch((e: unknown) => {
        for (const id of cold) this.warm.delete(id); // rebuilt with the next batch instead
        throw e;
      });
    }
    const stopTimer = this.metrics.evaluationSeconds.startTimer();
    const decisions: Decision[] = [];
    for (const r of readings) {
      const rules = this.rulesFor(r.kioskId);
      if (rules.length) decisions.push(...this.evaluator.evaluate(r, rules));
    }
    stopTimer();
    this.metrics.evaluatedReadings.inc(readings.length);
    return decisions;
  }

  private rulesFor(kioskId: number): TelemetryRule[] {
    const tagsAt = this.kiosks.tagsStamp(kioskId);
    const cached = this.applicable.get(kioskId);
    if (cached && cached.rulesVersion === this.rulesVersion && cached.tagsAt === tagsAt) return cached.rules;
    const tags = this.kiosks.tagsOf(kioskId);
    const rules = this.rules.telemetry.filter((rule) => inScope(rule.scope, kioskId, tags));
    this.applicable.set(kioskId, { rulesVersion: this.rulesVersion, tagsAt, rules });
    return rules;
  }

  /**
   * Kiosks whose state here may have missed readings: never seen here, silent here for a while, or
   * whose `seq` jumped (readings went through another instance meanwhile). Marks them all current.
   */
  private coldKiosks(readings: readonly TelemetryReading[]): number[] {
    const now = Date.now();
    const staleAfterMs = Math.max(5_000, 2_500 * this.options.telemetryIntervalSec);
    const batch = new Map<number, { min: number | null; max: number | null }>();
    for (const r of readings) {
      const b = batch.get(r.kioskId) ?? { min: null, max: null };
      if (r.seq !== null) {
        b.min = b.min === null ? r.seq : Math.min(b.min, r.seq);
        b.max = b.max === null ? r.seq : Math.max(b.max, r.seq);
      }
      batch.set(r.kioskId, b);
    }
    const cold: number[] = [];
    for (const [kioskId, seqs] of batch) {
      const last = this.warm.get(kioskId);
      const missed =
        !last ||
        now - last.at > staleAfterMs ||
        (last.seq !== null && seqs.min !== null && seqs.min > last.seq + 1);
      if (missed) cold.push(kioskId);
      this.warm.set(kioskId, { at: now, seq: seqs.max ?? last?.seq ?? null });
    }
    return cold;
  }

  /**
   * Rebuilds the state of kiosks seen here for the first time: replays their readings stored before
   * this batch (long enough back to cover every `for` duration and the clear-reading count), then
   * marks the rule alerts the database holds unresolved for them as firing.
   */
  private async rebuild(kioskIds: number[], batch: readonly TelemetryReading[]): Promise<void> {
    const firstInBatch = new Map<number, Date>();
    for (const r of batch) {
      const t = firstInBatch.get(r.kioskId);
      if (kioskIds.includes(r.kioskId) && (!t || r.timestamp < t)) firstInBatch.set(r.kioskId, r.timestamp);
    }
    for (const id of kioskIds) this.evaluator.forget(id);
    const rules = this.rules.telemetry;
    const longestFor = Math.max(0, ...rules.map((r) => r.forSeconds));
    const clearSpan = this.options.autoResolveReadings * this.options.telemetryIntervalSec * 2;
    const windowSec = Math.min(MAX_REPLAY_SEC, Math.max(longestFor, clearSpan));
    const [history, open] = await Promise.all([
      queryRecords<StoredReadingRow>(
        this.dataSource,
        `SELECT ${READING_COLUMNS}
           FROM unnest($1::int[], $2::timestamptz[]) AS b(kiosk_id, before)
           JOIN telemetry_readings_v t ON t.kiosk_id = b.kiosk_id AND t.ts < b.before
                           AND t.ts >= b.before - make_interval(secs => $3)
          ORDER BY t.kiosk_id, t.ts, t.id`,
        [[...firstInBatch.keys()], [...firstInBatch.values()], windowSec],
      ),
      queryRecords<{ kiosk_id: number; rule_id: string }>(
        this.dataSource,
        `SELECT kiosk_id, rule_id FROM alerts
          WHERE kiosk_id = ANY ($1::int[]) AND rule_id IS NOT NULL AND status <> 'resolved'
            AND type IN ('threshold', 'peripheral')`,
        [kioskIds],
      ),
    ]);
    for (const row of history) this.evaluator.evaluate(toReading(row), this.rulesFor(row.kiosk_id));
    for (const a of open) this.evaluator.markFiring(a.kiosk_id, a.rule_id);
  }

  private async write(decisions: readonly Decision[]): Promise<void> {
    for (const round of this.rounds(decisions)) {
      try {
        const raised = await this.store.transact(async (tx) => {
          await tx.fireRules([...round.fires.values()]);
          await tx.resolveRules([...round.clears.values()], 'auto');
          return tx.changes.raised;
        });
        // Published by now (the store publishes right after commit).
        const now = Date.now();
        for (const a of raised) {
          const fire = round.fires.get(`${a.kiosk_id}:${a.rule_id}`);
          if (fire && !a.muted) this.metrics.raiseLatency.observe((now - fire.receivedAt.getTime()) / 1000);
        }
      } catch (e) {
        this.logger.error(`writing alert decisions failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  private rounds(decisions: readonly Decision[]): WriteRound[] {
    const rounds: WriteRound[] = [];
    let round: WriteRound = { fires: new Map(), clears: new Map() };
    for (const d of decisions) {
      const key = `${d.kioskId}:${d.ruleId}`;
      const other = d.kind === 'fire' ? round.clears : round.fires;
      if (other.has(key)) {
        rounds.push(round);
        round = { fires: new Map(), clears: new Map() };
      }
      if (d.kind === 'clear') {
        round.clears.set(key, { kioskId: d.kioskId, ruleId: d.ruleId });
        continue;
      }
      const existing = round.fires.get(key);
      const rule = this.rules.get(d.ruleId);
      if (existing) {
        existing.count++;
        existing.opened ||= d.opened;
      } else if (rule) {
        round.fires.set(key, {
          kioskId: d.kioskId,
          rule,
          count: 1,
          opened: d.opened,
          receivedAt: d.receivedAt,
        });
      }
    }
    rounds.push(round);
    return rounds.filter((r) => r.fires.size || r.clears.size);
  }
}
