import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertAlertVisible } from '../../alerts/alert-access';
import { AlertRepository } from '../../alerts/alert.repository';
import { AlertStore } from '../../alerts/alert-store';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import { AlertNoteDto } from '../../dto/alert.dto';
import { noteView } from '../../queries/list-alert-notes/alert-note-row';
import { AddAlertNoteCommand } from './add-alert-note.command';

@CommandHandler(AddAlertNoteCommand)
export class AddAlertNoteHandler implements ICommandHandler<AddAlertNoteCommand, AlertNoteDto> {
  constructor(
    private readonly store: AlertStore,
    private readonly alerts: AlertRepository,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ alertId, user, body }: AddAlertNoteCommand): Promise<AlertNoteDto> {
    return this.store.transact(async (tx) => {
      const current = await this.alerts.find(alertId, false, tx.manager);
      const alert = await assertAlertVisible(this.kiosks, user, current);
      const note = await this.alerts.insertNote(alertId, user.id, body, tx.manager);
      // Announced as a change of the alert so live views show that someone is on it.
      tx.announce(alert, 'note_added');
      return noteView(note);
    });
  }
}
