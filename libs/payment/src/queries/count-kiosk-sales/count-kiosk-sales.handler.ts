import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CountKioskSalesQuery } from '@app/contracts';
import { countKioskSales } from './kiosk-sales.sql';

/** Sales (payments not failed) of the kiosks in the span, by occurred_at: one index range scan per kiosk. */
@QueryHandler(CountKioskSalesQuery)
export class CountKioskSalesHandler implements IQueryHandler<CountKioskSalesQuery, number> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ kioskIds, from, to }: CountKioskSalesQuery): Promise<number> {
    if (!kioskIds.length || to <= from) return 0;
    return countKioskSales(this.dataSource, kioskIds, from, to);
  }
}
