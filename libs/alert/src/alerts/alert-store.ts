import { Injectable, Logger } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AlertRaisedEvent, AlertUpdatedEvent } from '@app/contracts';
import { writeOutbox } from '@app/database';
import { AlertOptions, InjectAlertOptions } from '../alert.options';
import { alertView } from './alert-row';
import { AlertChanges, AlertTx } from './alert-tx';

const UNIQUE_VIOLATION = '23505';
const DEADLOCK = '40P01';
const ATTEMPTS = 3;

const sqlState = (e: unknown) => (e as { code?: unknown; driverError?: { code?: unknown } } | null)?.code;

/**
 * Runs alert writes in a transaction that also appends their outbox rows, then, once committed,
 * publishes AlertRaised/AlertUpdated (the admin feed and notifications listen). A statement that
 * lost a race to another instance (unique violation on the one-open-alert index, deadlock) is
 * retried from the start: the second time the ON CONFLICT path sees the winner's row.
 */
@Injectable()
export class AlertStore {
  private readonly logger = new Logger(AlertStore.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventBus,
    @InjectAlertOptions() private readonly options: AlertOptions,
  ) {}

  async transact<T>(work: (tx: AlertTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let tx: AlertTx | undefined;
      try {
        const result = await this.dataSource.transaction(async (manager) => {
          tx = new AlertTx(manager, this.options);
          const r = await work(tx);
          await writeOutbox(manager, tx.outboxEvents());
          return r;
        });
        if (tx) this.publish(tx.changes);
        return result;
      } catch (e) {
        const code = sqlState(e);
        if (attempt < ATTEMPTS && (code === UNIQUE_VIOLATION || code === DEADLOCK)) {
          this.logger.debug(`alert write lost a race (${String(code)}), retrying`);
          continue;
        }
        throw e;
      }
    }
  }

  private publish(changes: AlertChanges): void {
    for (const row of changes.raised)
      if (!row.muted) this.events.publish(new AlertRaisedEvent(alertView(row)));
    for (const { row, change } of changes.updated) {
      if (!row.muted) this.events.publish(new AlertUpdatedEvent(alertView(row), change));
    }
  }
}
