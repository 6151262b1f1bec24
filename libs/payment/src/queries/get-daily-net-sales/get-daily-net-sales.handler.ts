import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DailyNetSales, GetDailyNetSalesQuery } from '@app/contracts';
import { readDailyNetSales } from './daily-net-sales.sql';

/** For the AI module's sales forecast: a kiosk's net sales per day, from the payment module's daily totals. */
@QueryHandler(GetDailyNetSalesQuery)
export class GetDailyNetSalesHandler implements IQueryHandler<GetDailyNetSalesQuery, DailyNetSales[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ kioskId, fromDay, toDay }: GetDailyNetSalesQuery): Promise<DailyNetSales[]> {
    return readDailyNetSales(this.dataSource, kioskId, fromDay, toDay);
  }
}
