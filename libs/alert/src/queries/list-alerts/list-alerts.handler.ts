import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, Page, toPage } from '@app/core';
import { AlertView } from '@app/contracts';
import { queryRecords } from '@app/database';
import { UUID } from '../../alerts/alert-access';
import { ALERT_COLUMNS, AlertRow, alertView } from '../../alerts/alert-row';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import { ListAlertsQuery } from './list-alerts.query';

@QueryHandler(ListAlertsQuery)
export class ListAlertsHandler implements IQueryHandler<ListAlertsQuery, Page<AlertView>> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ user, filters, limit, cursor }: ListAlertsQuery): Promise<Page<AlertView>> {
    const after = decodeCursor(cursor);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    const visible = await this.kiosks.visibleKioskIds(user);
    if (visible) add((p) => `(a.kiosk_id = ANY (${p}::int[]) OR a.member_kiosk_ids && ${p}::int[])`, visible);
    if (filters.status) add((p) => `a.status = ${p}`, filters.status);
    if (filters.severity) add((p) => `a.severity = ${p}`, filters.severity);
    if (filters.type) add((p) => `a.type = ${p}`, filters.type);
    if (filters.kioskId !== undefined) add((p) => `a.kiosk_id = ${p}`, filters.kioskId);
    if (filters.incidentId !== undefined) {
      if (!UUID.test(filters.incidentId)) return { items: [], nextCursor: null };
      add((p) => `a.incident_id = ${p}::uuid`, filters.incidentId);
    }
    if (after) {
      if (typeof after.id !== 'string' || !UUID.test(after.id)) return { items: [], nextCursor: null };
      params.push(after.k, after.id);
      where.push(`(a.first_seen_at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows = await queryRecords<AlertRow>(
      this.dataSource,
      `SELECT ${ALERT_COLUMNS} FROM alerts a
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.first_seen_at DESC, a.id DESC LIMIT $${params.length}`,
      params,
    );
    return toPage(rows, limit, alertView, (r) => ({ k: r.first_seen_at.toISOString(), id: r.id }));
  }
}
