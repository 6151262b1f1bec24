import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicTask } from '@app/core';
import { CommandStatus, FINAL_COMMAND_STATUSES, GetKioskCommandStatusQuery } from '@app/contracts';
import { queryRecords } from '@app/database';
import { IdempotencyStore } from './idempotency';
import { RefundOutcomes } from './refund-outcomes';

const EVERY_MS = 30_000;
/** A card/QR refund whose command was never issued (the process died in between) is given up after this. */
const UNSENT_REFUND_AFTER_SEC = 120;
/** Pending refunds are normally settled by the command's events within milliseconds. */
const CATCH_UP_AFTER_SEC = 60;
/** Refunds given up with their expired command are checked this long for a late success missed by events. */
const LATE_SUCCESS_WINDOW_SEC = 86_400;

/** Periodic clean-up: expired idempotency keys, and refunds stranded by a process that stopped mid-way. */
@Injectable()
export class PaymentHousekeeping implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PaymentHousekeeping.name);
  private readonly task: PeriodicTask;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyStore,
    private readonly outcomes: RefundOutcomes,
    private readonly queries: QueryBus,
  ) {
    this.task = new PeriodicTask({
      intervalMs: EVERY_MS,
      run: () => this.cleanUp(),
      logger: this.logger,
      failure: 'payment housekeeping failed',
    });
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** One pass now (after the one in progress, if any); public so tests need not wait for the timer. */
  async run(): Promise<void> {
    await this.task.runNow();
  }

  /**
   * Refunds whose command ended while no process heard it (e.g. the instance that recorded the ack
   * stopped before settling the refund): settled from the command's current status.
   */
  private async catchUpFinishedCommands(): Promise<void> {
    // Pending ones, and ones given up when their command expired or was cancelled: a kiosk's late
    // success moves such a command on to `succeeded`, and the refund must follow even if no process
    // heard that event.
    const waiting = await queryRecords<{ command_id: string }>(
      this.dataSource,
      `SELECT command_id FROM payment_refunds
        WHERE command_id IS NOT NULL
          AND ((status = 'pending' AND created_at < now() - make_interval(secs => $1))
            OR (status = 'failed' AND error IN ('refund command expired', 'refund command cancelled')
                AND completed_at BETWEEN now() - make_interval(secs => $2) AND now() - make_interval(secs => $1)))`,
      [CATCH_UP_AFTER_SEC, LATE_SUCCESS_WINDOW_SEC],
    );
    for (const { command_id } of waiting) {
      const status = await this.queries.execute<GetKioskCommandStatusQuery, CommandStatus | null>(
        new GetKioskCommandStatusQuery(command_id),
      );
      if (status && FINAL_COMMAND_STATUSES.includes(status)) {
        await this.outcomes.finishByCommand(command_id, status === 'succeeded', `refund command ${status}`);
      }
    }
  }

  private async cleanUp(): Promise<void> {
    await this.idempotency.purgeExpired();
    const stranded = await queryRecords<{ id: string }>(
      this.dataSource,
      `SELECT id FROM payment_refunds
        WHERE status = 'pending' AND command_id IS NULL AND created_at < now() - make_interval(secs => $1)`,
      [UNSENT_REFUND_AFTER_SEC],
    );
    for (const r of stranded) await this.outcomes.fail(r.id, 'the refund command was never issued');
    await this.catchUpFinishedCommands();
  }
}
