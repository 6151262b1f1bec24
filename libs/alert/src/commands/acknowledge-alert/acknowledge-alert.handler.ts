import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { unprocessable } from '@app/core';
import { AlertView } from '@app/contracts';
import { assertAlertVisible } from '../../alerts/alert-access';
import { alertView } from '../../alerts/alert-row';
import { AlertRepository } from '../../alerts/alert.repository';
import { AlertStore } from '../../alerts/alert-store';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import { AcknowledgeAlertCommand } from './acknowledge-alert.command';

/** open → acknowledged, recording who and when; acknowledging again changes nothing; resolved → 422. */
@CommandHandler(AcknowledgeAlertCommand)
export class AcknowledgeAlertHandler implements ICommandHandler<AcknowledgeAlertCommand, AlertView> {
  constructor(
    private readonly store: AlertStore,
    private readonly alerts: AlertRepository,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ alertId, user, note }: AcknowledgeAlertCommand): Promise<AlertView> {
    const row = await this.store.transact(async (tx) => {
      const current = await this.alerts.find(alertId, true, tx.manager);
      const alert = await assertAlertVisible(this.kiosks, user, current);
      if (alert.status === 'resolved') throw unprocessable('A resolved alert cannot be acknowledged');
      if (note) await this.alerts.insertNote(alertId, user.id, note, tx.manager);
      if (alert.status === 'acknowledged') return alert;
      return tx.acknowledge(alertId, user.id);
    });
    return alertView(row);
  }
}
