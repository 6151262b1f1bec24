import type { SummaryGroupBy } from '../../dto/payment-query.dto';

const DAY_MS = 86_400_000;

/** Which part of [from, to) the per-day totals answer, and which edges need the payments themselves. */
export interface SummaryPlan {
  /** Whole UTC days [firstDay, endDay), as YYYY-MM-DD; null when the range holds no whole day. */
  days: { firstDay: string; endDay: string } | null;
  /** Time ranges [from, to) read from the payments table (the partial days at both ends). */
  edges: Array<{ from: Date; to: Date }>;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function planSummary(from: Date, to: Date): SummaryPlan {
  const firstDayMs = Math.ceil(from.getTime() / DAY_MS) * DAY_MS;
  const endDayMs = Math.floor(to.getTime() / DAY_MS) * DAY_MS;
  if (firstDayMs >= endDayMs) return { days: null, edges: [{ from, to }] };
  const edges: SummaryPlan['edges'] = [];
  if (from.getTime() < firstDayMs) edges.push({ from, to: new Date(firstDayMs) });
  if (endDayMs < to.getTime()) edges.push({ from: new Date(endDayMs), to });
  return { days: { firstDay: isoDay(firstDayMs), endDay: isoDay(endDayMs) }, edges };
}

const KEY: Record<SummaryGroupBy, { payments: string; days: string }> = {
  day: {
    payments: `to_char(p.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
    days: `to_char(t.day, 'YYYY-MM-DD')`,
  },
  kiosk: { payments: `p.kiosk_id::text`, days: `t.kiosk_id::text` },
  method: { payments: `p.method`, days: `t.method` },
};

/**
 * The summary statement: whole days from the daily totals, edges from payments (an index-only scan
 * of payments_summary_scan), regrouped. Exported so the benchmark can EXPLAIN exactly what runs.
 */
export function summarySql(
  groupBy: SummaryGroupBy,
  from: Date,
  to: Date,
  kiosks: number[] | null,
  currency: string | null,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [kiosks, currency];
  const filter = (alias: string) =>
    `($1::int[] IS NULL OR ${alias}.kiosk_id = ANY($1::int[])) AND ($2::text IS NULL OR ${alias}.currency = $2::text)`;
  const plan = planSummary(from, to);
  const key = KEY[groupBy];
  const parts: string[] = plan.edges.map((edge) => {
    params.push(edge.from, edge.to);
    return `SELECT ${key.payments} AS key, p.currency, count(*) AS count, sum(p.amount_minor) AS total,
                   sum(p.refunded_minor) AS refunded
              FROM payments p
             WHERE p.status <> 'failed' AND p.occurred_at >= $${params.length - 1} AND p.occurred_at < $${params.length}
               AND ${filter('p')}
             GROUP BY 1, 2`;
  });
  if (plan.days) {
    params.push(plan.days.firstDay, plan.days.endDay);
    parts.push(`SELECT ${key.days} AS key, t.currency, sum(t.count) AS count, sum(t.total_minor) AS total,
                       sum(t.refunded_minor) AS refunded
                  FROM payment_daily_totals t
                 WHERE t.day >= $${params.length - 1}::date AND t.day < $${params.length}::date AND ${filter('t')}
                 GROUP BY 1, 2`);
  }
  return {
    sql: `SELECT key, currency, sum(count)::text AS count, sum(total)::text AS total, sum(refunded)::text AS refunded
            FROM (${parts.join(' UNION ALL ')}) x
           GROUP BY key, currency`,
    params,
  };
}
