import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { unprocessable } from '@app/core';
import { AlertView } from '@app/contracts';
import { assertAlertVisible } from '../../alerts/alert-access';
import { ALERT_COLUMNS, AlertRow, alertView } from '../../alerts/alert-row';
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
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ alertId, user, falsePositive, note }: ResolveAlertCommand): Promise<AlertView> {
    const row = await this.store.transact(async (tx) => {
      const [current] = await tx.query<AlertRow>(
        `SELECT ${ALERT_COLUMNS} FROM alerts a WHERE a.id = $1 FOR UPDATE`,
        [alertId],
      );
      const alert = await assertAlertVisible(this.kiosks, user, current);
      if (alert.status === 'resolved') throw unprocessable('The alert is already resolved');
      if (note) {
        await tx.query(`INSERT INTO alert_notes (alert_id, author_id, body) VALUES ($1, $2, $3)`, [
          alertId,
          user.id,
          note,
        ]);
      }
      const [updated] = await tx.update(
        `UPDATE alerts a SET status = 'resolved', resolved_by = $2, resolved_at = now(), resolved_reason = 'manual',
                false_positive = $3
          WHERE a.id = $1 RETURNING ${ALERT_COLUMNS}`,
        [alertId, user.id, falsePositive ?? null],
        'resolved',
      );
      return updated;
    });
    return alertView(row);
  }
}
