import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { decodeCursor, Page, toPage } from '@app/core';
import { AlertView } from '@app/contracts';
import { UUID } from '../../alerts/alert-access';
import { alertView } from '../../alerts/alert-row';
import { AlertRepository } from '../../alerts/alert.repository';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import { ListAlertsQuery } from './list-alerts.query';

@QueryHandler(ListAlertsQuery)
export class ListAlertsHandler implements IQueryHandler<ListAlertsQuery, Page<AlertView>> {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ user, filters, limit, cursor }: ListAlertsQuery): Promise<Page<AlertView>> {
    const after = decodeCursor(cursor);
    const visible = await this.kiosks.visibleKioskIds(user);
    if (filters.incidentId !== undefined && !UUID.test(filters.incidentId))
      return { items: [], nextCursor: null };
    if (after && (typeof after.id !== 'string' || !UUID.test(after.id)))
      return { items: [], nextCursor: null };
    const rows = await this.alerts.list({
      ...filters,
      visible,
      before: after ? { firstSeenAt: after.k, id: after.id } : null,
      limit: limit + 1,
    });
    return toPage(rows, limit, alertView, (r) => ({ k: r.first_seen_at.toISOString(), id: r.id }));
  }
}
