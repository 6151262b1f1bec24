import { InjectQueue } from '@nestjs/bull';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig, InjectAppConfig, PeriodicTask } from '@app/core';
import { NotificationsJob, QueueName, RouteEventJob } from '@app/contracts';
import { NotificationMetrics } from '../metrics/notification-metrics';

const BATCH = 500;
const RELISTEN_MS = 1_000;
const PRUNE_EVERY_MS = 3600_000;
const KEEP_DISPATCHED_DAYS = 7;

interface OutboxRow {
  id: string;
  event_id: string;
  event_type: string;
  kiosk_id: number | null;
  occurred_at: Date;
  payload: Record<string, unknown>;
}

/**
 * Moves committed outbox rows to the notifications queue. NOTIFY (sent at commit by the outbox
 * trigger) wakes it at once; a poll covers a lost LISTEN connection. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so several workers share the work, and stamped only after their jobs
 * are in Redis: a crash in between leaves them unstamped, and the re-enqueue is a no-op because
 * the job id is the event id.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly relay: PeriodicTask;
  private listener: Client | undefined;
  private stopped = false;
  private lastPrune = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly metrics: NotificationMetrics,
  ) {
    this.relay = new PeriodicTask({
      intervalMs: config.notifications.outboxPollMs,
      run: (stopping) => this.drain(stopping),
      logger: this.logger,
      failure: 'outbox relay failed (retried on the next poll)',
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.relay.start();
    this.relay.trigger();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    // Stops the drain between two batches at once, then waits for it while LISTEN closes.
    const relayStopped = this.relay.stop();
    await this.listener?.end().catch(() => undefined);
    await relayStopped;
  }

  /** Relays until the outbox is empty, or shutdown begins. */
  private async drain(stopping: AbortSignal): Promise<void> {
    while ((await this.relayBatch()) === BATCH && !stopping.aborted);
    await this.pruneNow();
  }

  private relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows: OutboxRow[] = await m.query(
        `SELECT id, event_id, event_type, kiosk_id, occurred_at, payload FROM outbox
          WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      if (rows.length === 0) return 0;
      await this.queue.addBulk(
        rows.map((r) => ({
          name: NotificationsJob.RouteEvent,
          data: {
            eventId: r.event_id,
            type: r.event_type,
            kioskId: r.kiosk_id,
            occurredAt: r.occurred_at.toISOString(),
            data: r.payload,
          } satisfies RouteEventJob,
          opts: { jobId: r.event_id },
        })),
      );
      await m.query(`UPDATE outbox SET dispatched_at = now() WHERE id = ANY ($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      this.metrics.outboxRelayed.inc(rows.length);
      return rows.length;
    });
  }

  private async pruneNow(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    await this.dataSource.query(
      `DELETE FROM outbox WHERE dispatched_at < now() - make_interval(days => $1)`,
      [KEEP_DISPATCHED_DAYS],
    );
  }

  private async listen(): Promise<void> {
    if (this.stopped || !this.config.database.url) return;
    const client = new Client({
      connectionString: this.config.database.url,
      application_name: 'outbox-relay',
    });
    const retry = () => {
      if (this.listener !== client || this.stopped) return;
      this.listener = undefined;
      setTimeout(() => void this.listen(), RELISTEN_MS).unref();
    };
    client.on('notification', () => this.relay.trigger());
    client.on('error', (e) => {
      this.logger.warn(`outbox LISTEN connection lost (polling meanwhile): ${e.message}`);
      client.end().catch(() => undefined);
      retry();
    });
    client.on('end', retry);
    try {
      this.listener = client;
      await client.connect();
      await client.query('LISTEN outbox');
      // Whatever was committed while not listening.
      this.relay.trigger();
    } catch (e) {
      this.logger.warn(`outbox LISTEN failed (polling meanwhile): ${(e as Error).message}`);
      client.end().catch(() => undefined);
      retry();
    }
  }
}
