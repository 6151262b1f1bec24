import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CountKioskSalesQuery } from '@app/contracts';
import { queryRecords } from '@app/database';

/** Sales (payments not failed) of the kiosks in the span, by occurred_at: one index range scan per kiosk. */
@QueryHandler(CountKioskSalesQuery)
export class CountKioskSalesHandler implements IQueryHandler<CountKioskSalesQuery, number> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ kioskIds, from, to }: CountKioskSalesQuery): Promise<number> {
    if (!kioskIds.length || to <= from) return 0;
    const [row] = await queryRecords<{ n: number }>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM payments
        WHERE kiosk_id = ANY ($1::int[]) AND status <> 'failed' AND occurred_at >= $2 AND occurred_at < $3`,
      [kioskIds, from, to],
    );
    return row.n;
  }
}
