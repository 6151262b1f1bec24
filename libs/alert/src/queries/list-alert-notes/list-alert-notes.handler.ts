import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertAlertVisible } from '../../alerts/alert-access';
import { findAlert, listNotes } from '../../alerts/alert-repository';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import type { AlertNoteDto } from '../../dto/alert.dto';
import { noteView } from './alert-note-row';
import { ListAlertNotesQuery } from './list-alert-notes.query';

const MAX_NOTES = 500;

@QueryHandler(ListAlertNotesQuery)
export class ListAlertNotesHandler implements IQueryHandler<ListAlertNotesQuery, AlertNoteDto[]> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ alertId, user }: ListAlertNotesQuery): Promise<AlertNoteDto[]> {
    await assertAlertVisible(this.kiosks, user, await findAlert(this.dataSource, alertId));
    const notes = await listNotes(this.dataSource, alertId, MAX_NOTES);
    return notes.map(noteView);
  }
}
