import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, InjectAppConfig, InjectRedis, PeriodicTask } from '@app/core';
import {
  CancelKioskCommandsCommand,
  GetKioskCommandStatusesQuery,
  GetKiosksInMaintenanceWindowQuery,
  IssuedKioskCommand,
  IssueKioskCommandsCommand,
  KioskCommandStatuses,
  RolloutHold,
} from '@app/contracts';
import { queryRecords } from '@app/database';
import { RolloutGuards } from './rollout-guards';
import { RolloutKioskStates } from './rollout-kiosk-states';
import { RolloutPublisher } from './rollout-publisher';
import { RolloutReader, RolloutRow, updatedPayload } from './rollout-reader';

const LEADER_KEY = 'leader:rollouts';
/** Rollout commands wait a day for kiosks that are offline (CONTRACT §8); expired counts as failed. */
export const ROLLOUT_COMMAND_TTL_SEC = 86_400;

interface WaveRow {
  index: number;
  batch_id: string;
  started_at: Date | null;
  finished_at: Date | null;
  total: number;
  failed: number;
  open: number;
}

/** Nudges this close together share one pass. */
const NUDGE_COALESCE_MS = 200;
/** While a wave has kiosks its pace held back, a pass this often commands the next of them. */
const PACED_PASS_MS = 250;

/**
 * Drives running rollouts from PostgreSQL alone, on the instance holding the leader lock: each pass
 * catches up on command outcomes it may have missed (a restart), aborts a wave whose failed share
 * exceeds the threshold, closes a finished wave, starts the next once `waitSeconds` passed, and
 * commands the current wave's waiting kiosks in set-based calls, at most ROLLOUT_COMMANDS_PER_SEC a
 * second (each kiosk acks, reboots and reconnects; the rate spreads a wave's reconnects out).
 * Every step is a conditional
 * UPDATE, so a pass repeated or cut short by a crash leaves the same state; command events and
 * joins nudge a pass between ticks.
 */
@Injectable()
export class RolloutEngine implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RolloutEngine.name);
  private readonly task: PeriodicTask;
  /** Last published progress per rollout, so a pass that changed nothing publishes nothing. */
  private readonly published = new Map<string, string>();
  private nudgeTimer: NodeJS.Timeout | undefined;
  private pacedTimer: NodeJS.Timeout | undefined;
  /** Commands each open rollout may still send this second (a token bucket, refilled as time passes). */
  private readonly budgets = new Map<string, { tokens: number; at: number }>();
  private readonly commandsPerSec: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRedis() redis: Redis,
    @InjectAppConfig() config: AppConfig,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly states: RolloutKioskStates,
    private readonly publisher: RolloutPublisher,
    private readonly reader: RolloutReader,
    private readonly guards: RolloutGuards,
  ) {
    this.commandsPerSec = config.rolloutCommandsPerSec;
    this.task = new PeriodicTask({
      intervalMs: config.rolloutTickMs,
      run: (stopping) => this.pass(stopping),
      logger: this.logger,
      failure: 'rollout pass failed',
      leader: { redis, key: LEADER_KEY, ttlMs: Math.max(5_000, config.rolloutTickMs * 3) },
    });
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.nudgeTimer);
    clearTimeout(this.pacedTimer);
    await this.task.stop();
  }

  /**
   * A pass soon (on the leader): something a rollout waits for may have happened. A wave of 2,000
   * kiosks acks and rejoins within seconds; nudges of the same moment share one pass instead of
   * running passes back to back against the database the fleet's telemetry also needs.
   */
  nudge(): void {
    if (this.nudgeTimer) return;
    this.nudgeTimer = setTimeout(() => {
      this.nudgeTimer = undefined;
      this.task.trigger();
    }, NUDGE_COALESCE_MS);
    this.nudgeTimer.unref();
  }

  /**
   * One pass over every running or paused rollout; exported for tests that step the engine. A
   * paused rollout commands no one, but the kiosks already commanded still answer: their outcomes
   * count, and crossing the threshold aborts it as it would a running one.
   */
  async pass(stopping?: AbortSignal): Promise<void> {
    const open = await queryRecords<RolloutRow>(
      this.dataSource,
      `SELECT * FROM rollouts WHERE status IN ('running', 'paused') ORDER BY created_at`,
    );
    for (const id of this.budgets.keys()) if (!open.some((r) => r.id === id)) this.budgets.delete(id);
    for (const r of open) {
      if (stopping?.aborted) return;
      await (r.status === 'paused' ? this.watchPaused(r) : this.advance(r));
      await this.publishIfChanged(r.id);
    }
  }

  private async watchPaused(r: RolloutRow): Promise<void> {
    await this.catchUp(r.id);
    const wave = await this.wave(r.id, r.current_wave ?? 0);
    if (wave?.started_at) await this.abortOverThreshold(r, wave);
  }

  /** Aborts the rollout when the wave's failed share exceeds its threshold; answers whether it did. */
  private async abortOverThreshold(r: RolloutRow, wave: WaveRow): Promise<boolean> {
    if (wave.total === 0 || wave.failed / wave.total <= r.failure_threshold) return false;
    const share = Math.round((wave.failed / wave.total) * 100);
    await this.abort(
      r.id,
      `wave ${wave.index}: ${wave.failed} of ${wave.total} kiosks failed (${share} %), above the threshold ` +
        `${Math.round(r.failure_threshold * 100)} %`,
    );
    return true;
  }

  private async advance(r: RolloutRow): Promise<void> {
    await this.catchUp(r.id);
    const wave = await this.wave(r.id, r.current_wave ?? 0);
    if (!wave) return;
    if (wave.started_at) {
      if (await this.abortOverThreshold(r, wave)) return;
      if (wave.open === 0 && !wave.finished_at) return this.finishWave(r, wave);
      if (wave.finished_at) return;
      return this.command(r, wave);
    }
    // Not started: the previous wave finished (or this is the first) — wait, then start.
    const previous = wave.index > 0 ? await this.wave(r.id, wave.index - 1) : undefined;
    if (previous?.finished_at) {
      const startsAt = previous.finished_at.getTime() + r.wait_seconds * 1000;
      if (Date.now() < startsAt) {
        return this.hold(r, {
          guard: 'wait',
          detail: `wave ${wave.index} starts ${new Date(startsAt).toISOString()} (waitSeconds after wave ${previous.index} finished)`,
        });
      }
    }
    if (previous?.started_at) {
      const held = await this.guards.check(r.id, { index: previous.index, started_at: previous.started_at });
      if (held) return this.hold(r, held);
    }
    await this.dataSource.query(
      `UPDATE rollout_waves SET started_at = now() WHERE rollout_id = $1 AND index = $2 AND started_at IS NULL`,
      [r.id, wave.index],
    );
    await this.command(r, { ...wave, started_at: new Date() });
  }

  /** Commands the wave's waiting kiosks (in a maintenance window, when the rollout respects them). */
  private async command(r: RolloutRow, wave: WaveRow): Promise<void> {
    const waiting = (
      await queryRecords<{ kiosk_id: number }>(
        this.dataSource,
        `SELECT kiosk_id FROM rollout_kiosks WHERE rollout_id = $1 AND wave = $2 AND state = 'waiting'
          ORDER BY position`,
        [r.id, wave.index],
      )
    ).map((k) => k.kiosk_id);
    let ready = waiting;
    if (r.respect_maintenance_windows && waiting.length) {
      ready = await this.queries.execute<GetKiosksInMaintenanceWindowQuery, number[]>(
        new GetKiosksInMaintenanceWindowQuery(waiting),
      );
    }
    const paced = ready.length - this.spend(r.id, ready.length);
    if (paced > 0) {
      ready = ready.slice(0, ready.length - paced);
      this.passSoon();
    }
    if (ready.length) {
      const issued = await this.commands.execute<IssueKioskCommandsCommand, IssuedKioskCommand[]>(
        new IssueKioskCommandsCommand(
          wave.batch_id,
          'update',
          { ...r.params },
          ready,
          ROLLOUT_COMMAND_TTL_SEC,
          r.created_by,
        ),
      );
      await this.dataSource.query(
        `UPDATE rollout_kiosks rk SET state = 'commanded', command_id = s.command_id, updated_at = now()
           FROM unnest($2::int[], $3::uuid[]) AS s(kiosk_id, command_id)
          WHERE rk.rollout_id = $1 AND rk.kiosk_id = s.kiosk_id AND rk.state = 'waiting'`,
        [r.id, issued.map((i) => i.kioskId), issued.map((i) => i.commandId)],
      );
      // Kiosks decommissioned since the rollout was created are no failure of the update: skipped.
      const commanded = new Set(issued.map((i) => i.kioskId));
      const gone = ready.filter((k) => !commanded.has(k));
      if (gone.length) {
        await this.dataSource.query(
          `UPDATE rollout_kiosks SET state = 'skipped', detail = 'decommissioned', updated_at = now()
            WHERE rollout_id = $1 AND kiosk_id = ANY ($2::int[]) AND state = 'waiting'`,
          [r.id, gone],
        );
      }
    }
    const held = waiting.length - ready.length - paced;
    await this.hold(
      r,
      held > 0
        ? {
            guard: 'maintenance_window',
            detail: `${held} kiosk(s) of wave ${wave.index} wait for a maintenance window`,
          }
        : {
            guard: 'wave_in_progress',
            detail:
              paced > 0
                ? `wave ${wave.index} is in progress: ${paced} kiosk(s) still to command, ${this.commandsPerSec} a second`
                : `wave ${wave.index} is in progress`,
          },
    );
  }

  /** Takes up to `wanted` commands of the rollout's budget; answers how many it may send now. */
  private spend(rolloutId: string, wanted: number, now = Date.now()): number {
    const rate = this.commandsPerSec;
    const b = this.budgets.get(rolloutId) ?? { tokens: rate, at: now };
    b.tokens = Math.min(rate, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    const granted = Math.min(wanted, Math.floor(b.tokens));
    b.tokens -= granted;
    this.budgets.set(rolloutId, b);
    return granted;
  }

  /** A pass shortly, for the kiosks of a wave its pace held back. */
  private passSoon(): void {
    if (this.pacedTimer) return;
    this.pacedTimer = setTimeout(() => {
      this.pacedTimer = undefined;
      this.task.trigger();
    }, PACED_PASS_MS);
    this.pacedTimer.unref();
  }

  private async finishWave(r: RolloutRow, wave: WaveRow): Promise<void> {
    const last = wave.index >= r.waves.length - 1;
    const payload = await this.dataSource.transaction(async (manager) => {
      const closed = await queryRecords<{ index: number }>(
        manager,
        `UPDATE rollout_waves SET finished_at = now()
          WHERE rollout_id = $1 AND index = $2 AND finished_at IS NULL RETURNING index`,
        [r.id, wave.index],
      );
      if (!closed.length) return null;
      await manager.query(
        `UPDATE rollouts SET updated_at = now(), held_by = NULL,
                current_wave = CASE WHEN $3 THEN current_wave ELSE $2 + 1 END,
                status = CASE WHEN $3 THEN 'completed' ELSE status END,
                finished_at = CASE WHEN $3 THEN now() ELSE finished_at END
          WHERE id = $1 AND status = 'running' AND current_wave = $2`,
        [r.id, wave.index, last],
      );
      return this.publisher.record(manager, r.id);
    });
    this.publisher.announce(payload);
    if (payload) this.published.set(r.id, fingerprint(payload.waves, payload.status));
    // The next wave may start at once (waitSeconds 0): no need to wait for the next tick.
    this.nudge();
  }

  private async abort(rolloutId: string, reason: string): Promise<void> {
    // The kiosks are skipped in the same transaction as the status, so the update published says so.
    const done = await this.dataSource.transaction(async (manager) => {
      const rows = await queryRecords<{ id: string }>(
        manager,
        `UPDATE rollouts SET status = 'aborted', reason = $2, held_by = NULL, finished_at = now(), updated_at = now()
          WHERE id = $1 AND status IN ('running', 'paused') RETURNING id`,
        [rolloutId, reason],
      );
      if (!rows.length) return null;
      const commandIds = await skipOpenKiosks(manager, rolloutId, 'rollout aborted');
      return { commandIds, payload: await this.publisher.record(manager, rolloutId) };
    });
    if (!done) return;
    this.logger.warn(`rollout ${rolloutId} aborted: ${reason}`);
    await this.cancelCommands(done.commandIds);
    this.publisher.announce(done.payload);
  }

  /** Cancels the commands of kiosks an ended rollout skipped (commands already final stay as they are). */
  async cancelCommands(commandIds: string[]): Promise<void> {
    if (commandIds.length) await this.commands.execute(new CancelKioskCommandsCommand(commandIds));
  }

  /**
   * Applies command outcomes the event handlers may have missed (an API restart, a lost event), and
   * fails kiosks that acked `success` but never came back on the new version within the command's
   * TTL: like an expired command, a kiosk that does not return in a day is not updated, and must not
   * hold its wave open for ever.
   */
  private async catchUp(rolloutId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE rollout_kiosks
          SET state = 'failed', updated_at = now(),
              detail = $3
        WHERE rollout_id = $1 AND state = 'acked' AND updated_at < now() - make_interval(secs => $2::int)`,
      [
        rolloutId,
        ROLLOUT_COMMAND_TTL_SEC,
        `acked success but did not rejoin on the new version within ${ROLLOUT_COMMAND_TTL_SEC} s`,
      ],
    );
    const open = await queryRecords<{ command_id: string }>(
      this.dataSource,
      `SELECT command_id FROM rollout_kiosks
        WHERE rollout_id = $1 AND state = 'commanded' AND command_id IS NOT NULL`,
      [rolloutId],
    );
    if (!open.length) return;
    const statuses = await this.queries.execute<GetKioskCommandStatusesQuery, KioskCommandStatuses>(
      new GetKioskCommandStatusesQuery(open.map((o) => o.command_id)),
    );
    await this.states.applyCommandStatuses([...statuses.entries()]);
  }

  private async wave(rolloutId: string, index: number): Promise<WaveRow | undefined> {
    const [w] = await queryRecords<WaveRow>(
      this.dataSource,
      `SELECT w.index, w.batch_id, w.started_at, w.finished_at, count(k.kiosk_id)::int AS total,
              count(k.kiosk_id) FILTER (WHERE k.state = 'failed')::int AS failed,
              count(k.kiosk_id) FILTER (WHERE k.state IN ('waiting', 'commanded', 'acked'))::int AS open
         FROM rollout_waves w LEFT JOIN rollout_kiosks k ON k.rollout_id = w.rollout_id AND k.wave = w.index
        WHERE w.rollout_id = $1 AND w.index = $2
        GROUP BY w.rollout_id, w.index`,
      [rolloutId, index],
    );
    return w;
  }

  private async hold(r: RolloutRow, hold: RolloutHold): Promise<void> {
    if (r.held_by?.guard === hold.guard && r.held_by.detail === hold.detail) return;
    await this.dataSource.query(`UPDATE rollouts SET held_by = $2 WHERE id = $1 AND status = 'running'`, [
      r.id,
      JSON.stringify(hold),
    ]);
  }

  private async publishIfChanged(rolloutId: string): Promise<void> {
    const rollout = await this.reader.get(rolloutId);
    if (!rollout) return;
    const payload = updatedPayload(rollout);
    const print = fingerprint(payload.waves, payload.status);
    if (this.published.get(rolloutId) === print) return;
    await this.dataSource.transaction((manager) => this.publisher.write(manager, payload));
    this.published.set(rolloutId, print);
    this.publisher.announce(payload);
  }
}

function fingerprint(waves: unknown, status: string): string {
  return `${status}:${JSON.stringify(waves)}`;
}

/**
 * An ended rollout commands no one more: kiosks never commanded, and those whose command is not yet
 * answered, are skipped (kiosks that already acked `success` may still rejoin on the new version).
 * Answers the commands to cancel once the caller's transaction committed.
 */
export async function skipOpenKiosks(
  manager: EntityManager,
  rolloutId: string,
  detail: string,
): Promise<string[]> {
  const stopped = await queryRecords<{ command_id: string | null }>(
    manager,
    `UPDATE rollout_kiosks SET state = 'skipped', detail = $2, updated_at = now()
      WHERE rollout_id = $1 AND state IN ('waiting', 'commanded') RETURNING command_id`,
    [rolloutId, detail],
  );
  return stopped.flatMap((s) => (s.command_id ? [s.command_id] : []));
}
