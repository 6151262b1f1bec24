import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { unprocessable } from '@app/core';
import { AlertView } from '@app/contracts';
import { assertAlertVisible } from '../../alerts/alert-access';
import { alertView } from '../../alerts/alert-row';
import { AlertRepository } from '../../alerts/alert.repository';
import { AlertStore } from '../../alerts/alert-store';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import { ResolveAlertCommand } from './resolve-alert.command';

/**
 * A person resolves an open or acknowledged alert, optionally labelling it a false positive (the
 * anomaly model's training label) and leaving a note. Resolving twice is a 422.
 */
@CommandHandler(ResolveAlertCommand)
export class ResolveAlertHandler implements ICommandHandler<ResolveAlertCommand, AlertView> {
  constructor(
    private readonly store: AlertStore,
    private readonly alerts: AlertRepository,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ alertId, user, falsePositive, note }: ResolveAlertCommand): Promise<AlertView> {
    const row = await this.store.transact(async (tx) => {
      const current = await this.alerts.find(alertId, true, tx.manager);
      const alert = await assertAlertVisible(this.kiosks, user, current);
      if (alert.status === 'resolved') throw unprocessable('The alert is already resolved');
      if (note) await this.alerts.insertNote(alertId, user.id, note, tx.manager);
      return tx.resolveByUser(alertId, user.id, falsePositive ?? null);
    });
    return alertView(row);
  }
}
