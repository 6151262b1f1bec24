import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/core';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import type { AlertStatsDto, AlertStatsGroupDto } from '../../dto/alert.dto';
import { readAlertStats } from './alert-stats.sql';
import { GetAlertStatsQuery } from './get-alert-stats.query';

const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

@QueryHandler(GetAlertStatsQuery)
export class GetAlertStatsHandler implements IQueryHandler<GetAlertStatsQuery, AlertStatsDto> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ user, from, to, groupBy }: GetAlertStatsQuery): Promise<AlertStatsDto> {
    if (!(from < to)) {
      throw new DomainError('invalid', 'Invalid range', [{ field: 'to', message: 'to must be after from' }]);
    }
    const visible = await this.kiosks.visibleKioskIds(user);
    const rows = await readAlertStats(this.dataSource, groupBy, from, to, visible);
    return {
      groups: rows.map((r): AlertStatsGroupDto => ({
        key: r.key,
        count: r.count,
        mttaSec: round(r.mtta),
        mttrSec: round(r.mttr),
        p90TtaSec: round(r.p90_tta),
        p90TtrSec: round(r.p90_ttr),
      })),
    };
  }
}
