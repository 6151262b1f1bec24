import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CountKioskAlertsQuery } from '@app/contracts';
import { AlertRepository } from '../../alerts/alert.repository';

/** Alerts raised (first seen) for the kiosks in the span, muted ones left out: one count. */
@QueryHandler(CountKioskAlertsQuery)
export class CountKioskAlertsHandler implements IQueryHandler<CountKioskAlertsQuery, number> {
  constructor(private readonly alerts: AlertRepository) {}

  execute({ kioskIds, from, to }: CountKioskAlertsQuery): Promise<number> {
    if (!kioskIds.length || to <= from) return Promise.resolve(0);
    return this.alerts.countRaised(kioskIds, from, to);
  }
}
