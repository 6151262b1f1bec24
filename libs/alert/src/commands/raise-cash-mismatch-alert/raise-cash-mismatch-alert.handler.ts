import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AlertStore } from '../../alerts/alert-store';
import { RaiseCashMismatchAlertCommand } from './raise-cash-mismatch-alert.command';

/** One open `cash_mismatch` alert per kiosk, business day, currency and method. */
@CommandHandler(RaiseCashMismatchAlertCommand)
export class RaiseCashMismatchAlertHandler implements ICommandHandler<RaiseCashMismatchAlertCommand, void> {
  private readonly logger = new Logger(RaiseCashMismatchAlertHandler.name);

  constructor(private readonly store: AlertStore) {}

  async execute({ mismatch: m }: RaiseCashMismatchAlertCommand): Promise<void> {
    const method = m.method ?? 'all';
    await this.store
      .transact((tx) =>
        tx.raiseKeyed({
          kioskId: m.kioskId,
          dedupKey: `cash_mismatch:${m.businessDate}:${m.currency}:${method}`,
          type: 'cash_mismatch',
          severity: 'major',
          title:
            `Totals mismatch on ${m.businessDate} (${m.currency}, ${method}): kiosk reported ` +
            `${m.reportedMinor}, server recorded ${m.recordedMinor} (minor units)`,
          details: { ...m },
        }),
      )
      .catch((e: unknown) => {
        this.logger.error(
          `cash_mismatch alert of kiosk ${m.kioskId} failed: ${e instanceof Error ? e.message : String(e)}`,
        );
      });
  }
}
