import { OnQueueFailed, Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bull';
import { DataSource } from 'typeorm';
import { CommandsJob, FanOutBulkCommandJob, QueueName } from '@app/contracts';
import { queryRecords } from '@app/database';
import { ChangedCommand, CommandEvents } from '../services/command-events';
import { DeliveryRequests } from '../services/delivery-requests';

const CHUNK = 2_000;

/** The worker side of bulk commands: one command per target kiosk, then a delivery announcement. */
@Processor(QueueName.Commands)
export class CommandsProcessor {
  private readonly logger = new Logger(CommandsProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: CommandEvents,
    private readonly delivery: DeliveryRequests,
  ) {}

  @Process({ name: CommandsJob.FanOutBulkCommand, concurrency: 2 })
  async fanOut(job: Job<FanOutBulkCommandJob>): Promise<{ created: number }> {
    const [batch] = await this.dataSource.query(
      `SELECT id, command, params, ttl_seconds, kiosk_ids, created_by FROM command_batches WHERE id = $1`,
      [job.data.batchId],
    );
    if (!batch) return { created: 0 };
    const ids = batch.kiosk_ids as number[];
    let created = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      // ON CONFLICT: a retried job skips the kiosks it already covered.
      const rows = await queryRecords<ChangedCommand>(
        this.dataSource,
        `INSERT INTO kiosk_commands (kiosk_id, command, params, ttl_seconds, expires_at, created_by, batch_id)
         SELECT k, $2, $3, $4::int, now() + make_interval(secs => $4::int), $5, $6
           FROM unnest($1::int[]) AS k
         ON CONFLICT (batch_id, kiosk_id) WHERE batch_id IS NOT NULL DO NOTHING
         RETURNING id, kiosk_id, command, status, NULL AS previous, error`,
        [chunk, batch.command, JSON.stringify(batch.params), batch.ttl_seconds, batch.created_by, batch.id],
      );
      created += rows.length;
      this.events.publish(rows);
      await this.delivery.announce(chunk);
      await job.progress(Math.round(((i + chunk.length) / Math.max(ids.length, 1)) * 100));
    }
    await this.dataSource.query(`UPDATE command_batches SET fanned_out_at = now() WHERE id = $1`, [batch.id]);
    this.logger.log(`bulk ${batch.command} ${batch.id}: ${created} command(s) for ${ids.length} kiosk(s)`);
    return { created };
  }

  @OnQueueFailed()
  onFailed(job: Job, error: Error): void {
    this.logger.error(`${job.name} ${job.id} failed (attempt ${job.attemptsMade}): ${error.message}`);
  }
}
