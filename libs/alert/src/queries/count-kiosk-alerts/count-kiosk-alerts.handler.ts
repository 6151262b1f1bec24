import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CountKioskAlertsQuery } from '@app/contracts';
import { countRaisedAlerts } from '../../alerts/alert-repository';

/** Alerts raised (first seen) for the kiosks in the span, muted ones left out: one count. */
@QueryHandler(CountKioskAlertsQuery)
export class CountKioskAlertsHandler implements IQueryHandler<CountKioskAlertsQuery, number> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ kioskIds, from, to }: CountKioskAlertsQuery): Promise<number> {
    if (!kioskIds.length || to <= from) return Promise.resolve(0);
    return countRaisedAlerts(this.dataSource, kioskIds, from, to);
  }
}
