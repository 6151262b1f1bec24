import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, InjectAppConfig } from '@app/core';
import { queryRecords } from '@app/database';
import { PAYMENT_SESSION_HOLD } from '../commands/claim-deliverable-commands/claim-deliverable-commands.handler';
import { DeliveryRequests } from './delivery-requests';

const SWEEP_MS = 1_000;

/**
 * A command held for a payment session waits at most COMMAND_SESSION_HOLD_MAX_SEC after it was
 * issued: past that, its hold is lifted and its kiosk announced for delivery, even if the kiosk
 * never reports the end of its session. Safe on several instances (each row is cleared once).
 */
@Injectable()
export class SessionHoldRelease implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SessionHoldRelease.name);
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly delivery: DeliveryRequests,
    @InjectAppConfig() private readonly config: AppConfig,
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
      const rows = await queryRecords<{ kiosk_id: number }>(
        this.dataSource,
        `UPDATE kiosk_commands SET hold_reason = NULL
          WHERE status = 'pending' AND hold_reason = $1 AND created_at <= now() - make_interval(secs => $2)
          RETURNING kiosk_id`,
        [PAYMENT_SESSION_HOLD, this.config.commandSessionHoldMaxSec],
      );
      await this.delivery.announce([...new Set(rows.map((r) => r.kiosk_id))]);
      return rows.length;
    } catch (e) {
      this.logger.warn(`session hold release failed: ${e instanceof Error ? e.message : String(e)}`);
      return 0;
    } finally {
      this.running = false;
    }
  }
}
