import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CountKioskAlertsQuery } from '@app/contracts';
import { queryRecords } from '@app/database';

/** Alerts raised (first seen) for the kiosks in the span, muted ones left out: one count. */
@QueryHandler(CountKioskAlertsQuery)
export class CountKioskAlertsHandler implements IQueryHandler<CountKioskAlertsQuery, number> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ kioskIds, from, to }: CountKioskAlertsQuery): Promise<number> {
    if (!kioskIds.length || to <= from) return 0;
    const [row] = await queryRecords<{ n: number }>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM alerts
        WHERE kiosk_id = ANY ($1::int[]) AND NOT muted AND first_seen_at >= $2 AND first_seen_at < $3`,
      [kioskIds, from, to],
    );
    return row.n;
  }
}
