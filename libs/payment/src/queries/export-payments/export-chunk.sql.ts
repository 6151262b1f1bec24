import type { LongReads } from '@app/database';
import type { SqlWhere } from '../../services/payment-filters';
import { PAYMENT_COLUMNS, PaymentRow } from '../../services/payment-row';

/** The keyset goes out as text: timestamptz keeps microseconds, a JS Date only milliseconds. */
export type ExportRow = PaymentRow & { keyset_at: string };

/** One chunk of the export, newest first, after the last row of the previous chunk when given. */
export function readExportChunk(
  longReads: LongReads,
  where: SqlWhere,
  chunkRows: number,
  after?: ExportRow,
): Promise<ExportRow[]> {
  const params = [...where.params];
  let keyset = '';
  if (after) {
    params.push(after.keyset_at, after.id);
    keyset = ` AND (p.occurred_at, p.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
  }
  params.push(chunkRows);
  return longReads.query<ExportRow>(
    `SELECT ${PAYMENT_COLUMNS}, p.occurred_at::text AS keyset_at FROM payments p WHERE ${where.sql}${keyset}
      ORDER BY p.occurred_at DESC, p.id DESC LIMIT $${params.length}`,
    params,
  );
}
