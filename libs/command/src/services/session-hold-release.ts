import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, InjectAppConfig, PeriodicTask } from '@app/core';
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
  private readonly task: PeriodicTask;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly delivery: DeliveryRequests,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {
    this.task = new PeriodicTask({
      intervalMs: SWEEP_MS,
      run: () => this.sweep(),
      logger: this.logger,
      failure: 'session hold release failed',
    });
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  private async sweep(): Promise<void> {
    const rows = await queryRecords<{ kiosk_id: number }>(
      this.dataSource,
      `UPDATE kiosk_commands SET hold_reason = NULL
        WHERE status = 'pending' AND hold_reason = $1 AND created_at <= now() - make_interval(secs => $2)
        RETURNING kiosk_id`,
      [PAYMENT_SESSION_HOLD, this.config.commandSessionHoldMaxSec],
    );
    await this.delivery.announce([...new Set(rows.map((r) => r.kiosk_id))]);
  }
}
