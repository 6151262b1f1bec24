import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { assertAlertVisible } from '../../alerts/alert-access';
import { AlertRepository } from '../../alerts/alert.repository';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import type { AlertNoteDto } from '../../dto/alert.dto';
import { noteView } from './alert-note-row';
import { ListAlertNotesQuery } from './list-alert-notes.query';

const MAX_NOTES = 500;

@QueryHandler(ListAlertNotesQuery)
export class ListAlertNotesHandler implements IQueryHandler<ListAlertNotesQuery, AlertNoteDto[]> {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ alertId, user }: ListAlertNotesQuery): Promise<AlertNoteDto[]> {
    await assertAlertVisible(this.kiosks, user, await this.alerts.find(alertId));
    const notes = await this.alerts.listNotes(alertId, MAX_NOTES);
    return notes.map(noteView);
  }
}
