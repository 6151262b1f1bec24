import type { AlertNoteDto } from '../../dto/alert.dto';

export interface AlertNoteRow {
  id: string;
  alert_id: string;
  author_id: string | null;
  body: string;
  created_at: Date;
}

export const noteView = (n: AlertNoteRow): AlertNoteDto => ({
  id: n.id,
  alertId: n.alert_id,
  authorId: n.author_id,
  body: n.body,
  createdAt: n.created_at.toISOString(),
});
