import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';
import { assertAlertVisible } from '../../alerts/alert-access';
import { ALERT_COLUMNS, AlertRow } from '../../alerts/alert-row';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import type { AlertNoteDto } from '../../dto/alert.dto';
import { AlertNoteRow, noteView } from './alert-note-row';
import { ListAlertNotesQuery } from './list-alert-notes.query';

const MAX_NOTES = 500;

@QueryHandler(ListAlertNotesQuery)
export class ListAlertNotesHandler implements IQueryHandler<ListAlertNotesQuery, AlertNoteDto[]> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ alertId, user }: ListAlertNotesQuery): Promise<AlertNoteDto[]> {
    const [row] = await queryRecords<AlertRow>(
      this.dataSource,
      `SELECT ${ALERT_COLUMNS} FROM alerts a WHERE a.id = $1`,
      [alertId],
    );
    await assertAlertVisible(this.kiosks, user, row);
    const notes = await queryRecords<AlertNoteRow>(
      this.dataSource,
      `SELECT * FROM alert_notes WHERE alert_id = $1 ORDER BY created_at, id LIMIT ${MAX_NOTES}`,
      [alertId],
    );
    return notes.map(noteView);
  }
}
