import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { unprocessable } from '@app/core';
import { AlertView } from '@app/contracts';
import { assertAlertVisible } from '../../alerts/alert-access';
import { ALERT_COLUMNS, AlertRow, alertView } from '../../alerts/alert-row';
import { AlertStore } from '../../alerts/alert-store';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import { AcknowledgeAlertCommand } from './acknowledge-alert.command';

/** open → acknowledged, recording who and when; acknowledging again changes nothing; resolved → 422. */
@CommandHandler(AcknowledgeAlertCommand)
export class AcknowledgeAlertHandler implements ICommandHandler<AcknowledgeAlertCommand, AlertView> {
  constructor(
    private readonly store: AlertStore,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ alertId, user, note }: AcknowledgeAlertCommand): Promise<AlertView> {
    const row = await this.store.transact(async (tx) => {
      const [current] = await tx.query<AlertRow>(
        `SELECT ${ALERT_COLUMNS} FROM alerts a WHERE a.id = $1 FOR UPDATE`,
        [alertId],
      );
      const alert = await assertAlertVisible(this.kiosks, user, current);
      if (alert.status === 'resolved') throw unprocessable('A resolved alert cannot be acknowledged');
      if (note) {
        await tx.query(`INSERT INTO alert_notes (alert_id, author_id, body) VALUES ($1, $2, $3)`, [
          alertId,
          user.id,
          note,
        ]);
      }
      if (alert.status === 'acknowledged') return alert;
      const [updated] = await tx.update(
        `UPDATE alerts a SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = now()
          WHERE a.id = $1 RETURNING ${ALERT_COLUMNS}`,
        [alertId, user.id],
        'acknowledged',
      );
      return updated;
    });
    return alertView(row);
  }
}
