import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/core';
import { queryRecords } from '@app/database';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import type { AlertStatsDto, AlertStatsGroupDto, StatsGroup } from '../../dto/alert.dto';
import { GetAlertStatsQuery } from './get-alert-stats.query';

/** SQL of each grouping key; a tag groups every alert of kiosks carrying it (an alert may count in several). */
const GROUP_KEY: Record<StatsGroup, { from: string; key: string }> = {
  type: { from: 'alerts a', key: 'a.type' },
  severity: { from: 'alerts a', key: 'a.severity' },
  kiosk: { from: 'alerts a', key: `coalesce(a.kiosk_id::text, 'none')` },
  tag: {
    from: `alerts a LEFT JOIN kiosk_facts_v k ON k.id = a.kiosk_id
           LEFT JOIN LATERAL unnest(CASE WHEN cardinality(k.tags) > 0 THEN k.tags ELSE ARRAY['(untagged)'] END) AS t(tag) ON true`,
    key: `coalesce(t.tag, '(untagged)')`,
  },
};

interface StatsRow {
  key: string;
  count: number;
  mtta: number | null;
  mttr: number | null;
  p90_tta: number | null;
  p90_ttr: number | null;
}

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
    const { from: source, key } = GROUP_KEY[groupBy];
    const rows = await queryRecords<StatsRow>(
      this.dataSource,
      `WITH x AS (
         SELECT ${key} AS key,
                extract(epoch FROM a.acknowledged_at - a.first_seen_at)::float8 AS tta,
                extract(epoch FROM a.resolved_at - a.first_seen_at)::float8 AS ttr
           FROM ${source}
          WHERE a.first_seen_at >= $1 AND a.first_seen_at < $2
            AND ($3::int[] IS NULL OR a.kiosk_id = ANY ($3::int[]) OR a.member_kiosk_ids && $3::int[]))
       SELECT key, count(*)::int AS count, avg(tta) AS mtta, avg(ttr) AS mttr,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY tta) AS p90_tta,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ttr) AS p90_ttr
         FROM x GROUP BY key ORDER BY count(*) DESC, key`,
      [from, to, visible],
    );
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
