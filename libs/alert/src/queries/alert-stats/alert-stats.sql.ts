import type { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';
import type { StatsGroup } from '../../dto/alert.dto';

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

export interface StatsRow {
  key: string;
  count: number;
  mtta: number | null;
  mttr: number | null;
  p90_tta: number | null;
  p90_ttr: number | null;
}

/**
 * Counts and response times (to acknowledge, to resolve: mean and p90, in seconds) of the alerts
 * first seen in [from, to), grouped by `groupBy`; `visible` (null: all) keeps alerts of those
 * kiosks and incidents one of them is a member of. Tags come from `kiosk_facts_v`.
 */
export function readAlertStats(
  db: DataSource,
  groupBy: StatsGroup,
  from: Date,
  to: Date,
  visible: number[] | null,
): Promise<StatsRow[]> {
  const { from: source, key } = GROUP_KEY[groupBy];
  return queryRecords<StatsRow>(
    db,
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
}
