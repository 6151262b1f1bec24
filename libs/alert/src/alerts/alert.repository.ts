import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryRecords } from '@app/database';
import type { AlertNoteRow } from '../queries/list-alert-notes/alert-note-row';
import type { AlertFilters } from '../queries/list-alerts/list-alerts.query';
import { ALERT_COLUMNS, AlertRow } from './alert-row';

export interface AlertListFilter extends AlertFilters {
  /** Kiosks the viewer may see (an incident counts when one of its members is); null: all. */
  visible: number[] | null;
  /** Keyset: alerts before `(firstSeenAt, id)`, newest first. */
  before: { firstSeenAt: unknown; id: unknown } | null;
  limit: number;
}

/**
 * The reads of the alert aggregate (`alerts`, `alert_notes`) that handlers need, and the note
 * insert; changes to alerts themselves go through AlertTx, which collects what to announce.
 * `manager` is the transaction a handler runs the statement in.
 */
@Injectable()
export class AlertRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The alert, locked for the rest of the transaction when `forUpdate`. */
  async find(id: string, forUpdate = false, manager?: EntityManager): Promise<AlertRow | undefined> {
    const [row] = await queryRecords<AlertRow>(
      manager ?? this.dataSource,
      `SELECT ${ALERT_COLUMNS} FROM alerts a WHERE a.id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async insertNote(
    alertId: string,
    authorId: string,
    body: string,
    manager?: EntityManager,
  ): Promise<AlertNoteRow> {
    const [note] = await queryRecords<AlertNoteRow>(
      manager ?? this.dataSource,
      `INSERT INTO alert_notes (alert_id, author_id, body) VALUES ($1, $2, $3) RETURNING *`,
      [alertId, authorId, body],
    );
    return note;
  }

  /** Oldest first, at most `max`. */
  listNotes(alertId: string, max: number): Promise<AlertNoteRow[]> {
    return queryRecords<AlertNoteRow>(
      this.dataSource,
      `SELECT * FROM alert_notes WHERE alert_id = $1 ORDER BY created_at, id LIMIT ${max}`,
      [alertId],
    );
  }

  list(f: AlertListFilter): Promise<AlertRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.visible)
      add((p) => `(a.kiosk_id = ANY (${p}::int[]) OR a.member_kiosk_ids && ${p}::int[])`, f.visible);
    if (f.status) add((p) => `a.status = ${p}`, f.status);
    if (f.severity) add((p) => `a.severity = ${p}`, f.severity);
    if (f.type) add((p) => `a.type = ${p}`, f.type);
    if (f.kioskId !== undefined) add((p) => `a.kiosk_id = ${p}`, f.kioskId);
    if (f.incidentId !== undefined) add((p) => `a.incident_id = ${p}::uuid`, f.incidentId);
    if (f.before) {
      params.push(f.before.firstSeenAt, f.before.id);
      where.push(`(a.first_seen_at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(f.limit);
    return queryRecords<AlertRow>(
      this.dataSource,
      `SELECT ${ALERT_COLUMNS} FROM alerts a
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY a.first_seen_at DESC, a.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** Alerts first seen for the kiosks in [from, to), muted ones left out. */
  async countRaised(kioskIds: readonly number[], from: Date, to: Date): Promise<number> {
    const [row] = await queryRecords<{ n: number }>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM alerts
      WHERE kiosk_id = ANY ($1::int[]) AND NOT muted AND first_seen_at >= $2 AND first_seen_at < $3`,
      [kioskIds, from, to],
    );
    return row.n;
  }
}
