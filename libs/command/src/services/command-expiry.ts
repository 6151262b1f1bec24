import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: CommandEvents,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
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
      return rows.length;
    } catch (e) {
      this.logger.warn(`command expiry sweep failed: ${e instanceof Error ? e.message : String(e)}`);
      return 0;
    } finally {
      this.running = false;
    }
  }
}
