import type { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';
import type { SqlWhere } from '../../services/payment-filters';
import { PAYMENT_COLUMNS, PaymentRow } from '../../services/payment-row';

/** Newest first, `limit` rows matching `where`, before `(occurredAt, id)` when given. */
export function readPayments(
  dataSource: DataSource,
  where: SqlWhere,
  before: { occurredAt: string; id: unknown } | null,
  limit: number,
): Promise<PaymentRow[]> {
  const params = [...where.params];
  let keyset = '';
  if (before) {
    params.push(before.occurredAt, before.id);
    keyset = ` AND (p.occurred_at, p.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
  }
  params.push(limit);
  return queryRecords<PaymentRow>(
    dataSource,
    `SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE ${where.sql}${keyset}
      ORDER BY p.occurred_at DESC, p.id DESC LIMIT $${params.length}`,
    params,
  );
}
