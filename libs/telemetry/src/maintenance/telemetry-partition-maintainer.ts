import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { PeriodicTask } from '@app/core';
import { TELEMETRY_OPTIONS, TelemetryOptions } from '../telemetry.options';
import { partitionsToDrop, utcDay } from './partition-plan';

// An arbitrary constant all instances agree on (the migration lock uses another one).
const MAINTENANCE_LOCK_KEY = 727_114_002;
const EVERY_HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface TelemetryMaintenanceReport {
  created: string[];
  dropped: string[];
  /** Rows older than the retention deleted from the default partition. */
  defaultRowsDeleted: number;
}

/**
 * Keeps the daily partitions of `telemetry` ahead of time and applies retention by dropping whole
 * partitions (cheap, no bloat), on start-up and every hour. Runs on the worker; an advisory lock
 * lets a single instance do it when several run.
 */
@Injectable()
export class TelemetryPartitionMaintainer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TelemetryPartitionMaintainer.name);
  private readonly hourly: PeriodicTask;
  private running: Promise<TelemetryMaintenanceReport | null> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TELEMETRY_OPTIONS) private readonly options: TelemetryOptions,
  ) {
    this.hourly = new PeriodicTask({
      intervalMs: EVERY_HOUR_MS,
      run: () => this.runLogged(),
      logger: this.logger,
      // Partitions exist days ahead and readings without one land in the default partition, so a
      // missed pass costs nothing; the next one catches up.
      failure: 'telemetry partition maintenance failed',
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.hourly.runNow();
    this.hourly.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.hourly.stop();
  }

  /** One pass; null when another instance holds the lock. Concurrent calls share one pass. */
  run(now = new Date()): Promise<TelemetryMaintenanceReport | null> {
    this.running ??= this.runLocked(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async runLogged(): Promise<void> {
    const report = await this.run();
    if (report && (report.created.length || report.dropped.length || report.defaultRowsDeleted)) {
      this.logger.log(
        `telemetry partitions created: [${report.created.join(', ')}], dropped: [${report.dropped.join(', ')}], ` +
          `old rows deleted from the default partition: ${report.defaultRowsDeleted}`,
      );
    }
  }

  private async runLocked(now: Date): Promise<TelemetryMaintenanceReport | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [lock] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [
        MAINTENANCE_LOCK_KEY,
      ])) as Array<{ locked: boolean }>;
      if (!lock?.locked) return null;
      try {
        // DDL on a partition briefly locks the parent; never queue inserts behind a long wait.
        await runner.query(`SET lock_timeout = '2s'`);
        return await this.maintain(runner, now);
      } finally {
        await runner.query('RESET lock_timeout').catch(() => undefined);
        // A pooled connection still holding the lock would keep every instance from maintaining.
        const unlocked = await runner
          .query('SELECT pg_advisory_unlock($1) AS ok', [MAINTENANCE_LOCK_KEY])
          .then((rows: Array<{ ok: boolean }>) => rows[0]?.ok === true)
          .catch(() => false);
        if (!unlocked) await this.discardConnection(runner);
      }
    } finally {
      await runner.release();
    }
  }

  private async discardConnection(runner: QueryRunner): Promise<void> {
    // Ends the session (and with it any lock it holds) instead of returning it to the pool.
    await runner.query('SELECT pg_terminate_backend(pg_backend_pid())').catch(() => undefined);
  }

  private async maintain(runner: QueryRunner, now: Date): Promise<TelemetryMaintenanceReport> {
    const created = (
      (await runner.query('SELECT telemetry_ensure_partitions($1::date, $2::date) AS name', [
        utcDay(now, -1),
        utcDay(now, this.options.partitionsAheadDays),
      ])) as Array<{ name: string }>
    ).map((r) => r.name);

    const cutoff = new Date(now.getTime() - this.options.retentionDays * DAY_MS);
    const partitions = (
      (await runner.query(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'telemetry'::regclass`,
      )) as Array<{ name: string }>
    ).map((r) => r.name);
    const dropped: string[] = [];
    for (const name of partitionsToDrop(partitions, cutoff)) {
      try {
        // The name matched ^telemetry_p\d{8}$, so quoting it is enough.
        await runner.query(`DROP TABLE "${name}"`);
        dropped.push(name);
      } catch (e) {
        this.logger.warn(`could not drop ${name} yet: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const deleted = await runner.query('DELETE FROM telemetry_default WHERE ts < $1', [cutoff], true);
    return { created, dropped, defaultRowsDeleted: deleted.affected ?? 0 };
  }
}
