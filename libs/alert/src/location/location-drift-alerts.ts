import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { TelemetryReading } from '@app/contracts';
import { queryRecords } from '@app/database';
import { AlertOptions, InjectAlertOptions } from '../alert.options';
import { AlertStore } from '../alerts/alert-store';
import { KioskFactsForAlerts } from '../alerts/kiosk-facts-for-alerts';
import { AlertMetrics } from '../evaluation/alert-metrics';
import { READING_COLUMNS, StoredReadingRow, toReading } from '../evaluation/stored-readings';
import { DriftDecision, DriftTracker, MAX_FIX_ACCURACY_M } from './drift-tracker';
import { formatDistance } from './geo-distance';

export const LOCATION_DRIFT_KEY = 'location_drift';
/** Who resolved it, in `resolved_reason`: the kiosk's own fixes said it is back. */
const BACK_IN_RADIUS = 'back_in_radius';
/** Replays never reach further back than this, whatever LOCATION_DRIFT_FOR_SEC says. */
const MAX_REPLAY_SEC = 3600;

type Fire = Extract<DriftDecision, { kind: 'fire' }>;

/**
 * `location_drift` alerts (CONTRACT §8) on the instance that stored the readings, like telemetry
 * rules: per-kiosk state in memory (DriftTracker), rebuilt from the database the first time a kiosk's
 * readings arrive here or after it was silent here (its recent accurate fixes replayed, and whether its
 * drift alert is open). Batches are decided in order; the writes follow in order on a second lane.
 * Per batch, a kiosk's fires collapse into one write (occurrences += n), so a kiosk away costs one
 * upsert per batch, and a kiosk at its site none at all.
 */
@Injectable()
export class LocationDriftAlerts {
  private readonly logger = new Logger(LocationDriftAlerts.name);
  private readonly tracker: DriftTracker;
  /** When each kiosk's accurate fixes were last decided here (ms, server clock). */
  private readonly warm = new Map<number, number>();
  private evaluating: Promise<unknown> = Promise.resolve();
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectAlertOptions() private readonly options: AlertOptions,
    private readonly kiosks: KioskFactsForAlerts,
    private readonly store: AlertStore,
    private readonly metrics: AlertMetrics,
  ) {
    this.tracker = new DriftTracker({
      radiusMeters: options.locationDriftMeters,
      forMs: options.locationDriftForSec * 1000,
      clearReadings: options.autoResolveReadings,
    });
    metrics.driftStateSize = () => this.tracker.size;
  }

  /** Evaluates one committed batch; resolves once the alerts it causes are written and announced. */
  async evaluateBatch(readings: readonly TelemetryReading[]): Promise<void> {
    let accurate = 0;
    for (const r of readings) if (isAccurate(r)) accurate++;
    if (readings.length > accurate) this.metrics.driftFixesIgnored.inc(readings.length - accurate);
    if (!accurate) return;
    const decided = this.evaluating.then(() => this.decide(readings));
    this.evaluating = decided.catch(() => undefined);
    const decisions = await decided;
    if (!decisions.length) return;
    const written = this.writing.then(() => this.write(decisions));
    this.writing = written.catch(() => undefined);
    await written;
  }

  private async decide(readings: readonly TelemetryReading[]): Promise<DriftDecision[]> {
    const kioskIds = new Set<number>();
    for (const r of readings) if (isAccurate(r)) kioskIds.add(r.kioskId);
    await this.kiosks.ensureTags(kioskIds);
    const cold = this.coldKiosks(kioskIds);
    if (cold.length) {
      await this.rebuild(cold, readings).catch((e: unknown) => {
        for (const id of cold) this.warm.delete(id); // rebuilt with the next batch instead
        throw e;
      });
    }
    const decisions: DriftDecision[] = [];
    for (const r of readings) {
      const d = this.tracker.evaluate(r, this.kiosks.siteOf(r.kioskId));
      if (d) decisions.push(d);
    }
    return decisions;
  }

  /** Kiosks never decided here, or silent here long enough that readings may have gone elsewhere. */
  private coldKiosks(kioskIds: Set<number>): number[] {
    const now = Date.now();
    const staleAfterMs = Math.max(5_000, 2_500 * this.options.telemetryIntervalSec);
    const cold: number[] = [];
    for (const id of kioskIds) {
      const last = this.warm.get(id);
      if (last === undefined || now - last > staleAfterMs) cold.push(id);
      this.warm.set(id, now);
    }
    return cold;
  }

  /**
   * Replays the accurate fixes stored before this batch (one window back) and marks the drift alerts
   * the database holds unresolved as firing, so fixes back inside resolve them here too.
   */
  private async rebuild(kioskIds: number[], batch: readonly TelemetryReading[]): Promise<void> {
    const firstInBatch = new Map<number, Date>();
    for (const r of batch) {
      const t = firstInBatch.get(r.kioskId);
      if (kioskIds.includes(r.kioskId) && (!t || r.timestamp < t)) firstInBatch.set(r.kioskId, r.timestamp);
    }
    for (const id of kioskIds) this.tracker.forget(id);
    // Long enough to see a whole run away, and the fixes back inside that count towards resolving.
    const clearSpan = this.options.autoResolveReadings * this.options.telemetryIntervalSec * 2;
    const windowSec = Math.min(MAX_REPLAY_SEC, Math.max(this.options.locationDriftForSec, clearSpan));
    const [history, open] = await Promise.all([
      queryRecords<StoredReadingRow>(
        this.dataSource,
        `SELECT ${READING_COLUMNS}
           FROM unnest($1::int[], $2::timestamptz[]) AS b(kiosk_id, before)
           JOIN telemetry_readings_v t ON t.kiosk_id = b.kiosk_id AND t.ts < b.before
                           AND t.ts >= b.before - make_interval(secs => $3)
          WHERE t.accuracy <= $4
          ORDER BY t.kiosk_id, t.ts, t.id`,
        [[...firstInBatch.keys()], [...firstInBatch.values()], windowSec, MAX_FIX_ACCURACY_M],
      ),
      queryRecords<{ kiosk_id: number }>(
        this.dataSource,
        `SELECT kiosk_id FROM alerts
          WHERE kiosk_id = ANY ($1::int[]) AND dedup_key = $2 AND rule_id IS NULL AND status <> 'resolved'`,
        [kioskIds, LOCATION_DRIFT_KEY],
      ),
    ]);
    for (const row of history) this.tracker.evaluate(toReading(row), this.kiosks.siteOf(row.kiosk_id));
    for (const { kiosk_id } of open) {
      const site = this.kiosks.siteOf(kiosk_id);
      if (site) this.tracker.markFiring(kiosk_id, site);
    }
  }

  private async write(decisions: readonly DriftDecision[]): Promise<void> {
    // In order per kiosk: consecutive fires of one kiosk become one upsert carrying their count.
    const steps: ({ kind: 'fire'; last: Fire; count: number } | { kind: 'clear'; kioskId: number })[] = [];
    const pending = new Map<number, { kind: 'fire'; last: Fire; count: number }>();
    for (const d of decisions) {
      if (d.kind === 'clear') {
        pending.delete(d.kioskId);
        steps.push(d);
        continue;
      }
      const run = pending.get(d.kioskId);
      if (run) {
        run.last = d;
        run.count++;
      } else {
        const step = { kind: 'fire' as const, last: d, count: 1 };
        pending.set(d.kioskId, step);
        steps.push(step);
      }
    }
    try {
      const raised = await this.store.transact(async (tx) => {
        for (const s of steps) {
          if (s.kind === 'clear') await tx.resolveKeyed([s.kioskId], LOCATION_DRIFT_KEY, BACK_IN_RADIUS);
          else
            await tx.raiseKeyed({
              kioskId: s.last.kioskId,
              dedupKey: LOCATION_DRIFT_KEY,
              type: 'location_drift',
              severity: 'major',
              title: driftTitle(s.last),
              details: {
                distanceMeters: Math.round(s.last.distanceM),
                accuracyMeters: s.last.accuracyM,
                awaySeconds: Math.round(s.last.awayMs / 1000),
                radiusMeters: this.options.locationDriftMeters,
              },
              occurrences: s.count,
            });
        }
        return tx.changes.raised;
      });
      const now = Date.now();
      for (const a of raised) {
        const fire = pending.get(a.kiosk_id ?? -1);
        if (fire && !a.muted)
          this.metrics.raiseLatency.observe((now - fire.last.receivedAt.getTime()) / 1000);
      }
    } catch (e) {
      this.logger.error(
        `writing location drift alerts failed: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
}

function isAccurate(r: TelemetryReading): boolean {
  const a = r.location.accuracy;
  return a !== undefined && a <= MAX_FIX_ACCURACY_M;
}

/** "Reported 1.2 km from its registered location (accuracy 8 m) for 10 min". */
export function driftTitle(f: Pick<Fire, 'distanceM' | 'accuracyM' | 'awayMs'>): string {
  const sec = Math.round(f.awayMs / 1000);
  const span =
    sec < 120 ? `${sec} s` : sec < 7200 ? `${Math.round(sec / 60)} min` : `${(sec / 3600).toFixed(1)} h`;
  return `Reported ${formatDistance(f.distanceM)} from its registered location (accuracy ${formatDistance(f.accuracyM)}) for ${span}`;
}
