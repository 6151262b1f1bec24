import type { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';
import type { SummaryGroupBy } from '../../dto/payment-query.dto';
import { summarySql } from './summary-plan';

/** Sums as text: bigint/numeric, exact. */
export interface SummaryRow {
  key: string;
  currency: string;
  count: string;
  total: string;
  refunded: string;
}

/** The summary statement of summary-plan, run; `kiosks` null: all, `currency` null: every one. */
export function readPaymentSummary(
  dataSource: DataSource,
  groupBy: SummaryGroupBy,
  from: Date,
  to: Date,
  kiosks: number[] | null,
  currency: string | null,
): Promise<SummaryRow[]> {
  const { sql, params } = summarySql(groupBy, from, to, kiosks, currency);
  return queryRecords<SummaryRow>(dataSource, sql, params);
}
