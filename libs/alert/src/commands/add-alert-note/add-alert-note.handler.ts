import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertAlertVisible } from '../../alerts/alert-access';
import { ALERT_COLUMNS, AlertRow } from '../../alerts/alert-row';
import { AlertStore } from '../../alerts/alert-store';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import { AlertNoteDto } from '../../dto/alert.dto';
import { AlertNoteRow, noteView } from '../../queries/list-alert-notes/alert-note-row';
import { AddAlertNoteCommand } from './add-alert-note.command';

@CommandHandler(AddAlertNoteCommand)
export class AddAlertNoteHandler implements ICommandHandler<AddAlertNoteCommand, AlertNoteDto> {
  constructor(
    private readonly store: AlertStore,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ alertId, user, body }: AddAlertNoteCommand): Promise<AlertNoteDto> {
    return this.store.transact(async (tx) => {
      const [current] = await tx.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM alerts a WHERE a.id = $1`, [
        alertId,
      ]);
      const alert = await assertAlertVisible(this.kiosks, user, current);
      const [note] = await tx.query<AlertNoteRow>(
        `INSERT INTO alert_notes (alert_id, author_id, body) VALUES ($1, $2, $3) RETURNING *`,
        [alertId, user.id, body],
      );
      // Announced as a change of the alert so live views show that someone is on it.
      tx.announce(alert, 'note_added');
      return noteView(note);
    });
  }
}
