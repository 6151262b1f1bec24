import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicTask } from '@app/core';
import { queryRecords } from '@app/database';
import { ChangedCommand, CHANGED_RETURNING, CommandEvents } from './command-events';

const SWEEP_MS = 1_000;

/**
 * Expires commands that got no final answer before `expires_at` (within ~1 s of it; the contract
 * allows 5). Safe on several instances at once: rows are claimed with SKIP LOCKED.
 */
@Injectable()
export class CommandExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CommandExpiry.name);
  private readonly task: PeriodicTask;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: CommandEvents,
  ) {
    this.task = new PeriodicTask({
      intervalMs: SWEEP_MS,
      run: () => this.sweep(),
      logger: this.logger,
      failure: 'command expiry sweep failed',
    });
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  private async sweep(): Promise<void> {
    const rows = await queryRecords<ChangedCommand>(
      this.dataSource,
      `WITH old AS (SELECT id, status FROM kiosk_commands
                     WHERE status IN ('pending', 'sent', 'acknowledged') AND expires_at <= now()
                     ORDER BY expires_at LIMIT 5000 FOR UPDATE SKIP LOCKED)
       UPDATE kiosk_commands c SET status = 'expired', completed_at = now()
         FROM old WHERE c.id = old.id
       RETURNING ${CHANGED_RETURNING}`,
    );
    this.events.publish(rows);
  }
}
