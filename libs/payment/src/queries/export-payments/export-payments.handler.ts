import type { Readable } from 'node:stream';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { PaymentView } from '@app/contracts';
import { KeysetStream, LongReads } from '@app/database';
import { PaymentFilters, SqlWhere } from '../../services/payment-filters';
import { PAYMENT_COLUMNS, PaymentRow, toPaymentView } from '../../services/payment-row';
import { ExportPaymentsQuery } from './export-payments.query';

/** Rows per keyset query: one short statement each, a few hundred KB of CSV. */
export const EXPORT_CHUNK_ROWS = 1_000;

/** The keyset goes out as text: timestamptz keeps microseconds, a JS Date only milliseconds. */
type ExportRow = PaymentRow & { keyset_at: string };

@QueryHandler(ExportPaymentsQuery)
export class ExportPaymentsHandler implements IQueryHandler<ExportPaymentsQuery, Readable> {
  constructor(
    private readonly longReads: LongReads,
    private readonly filters: PaymentFilters,
  ) {}

  async execute({ user, filter }: ExportPaymentsQuery): Promise<Readable> {
    const where = await this.filters.where(user, filter);
    // The first chunk is read before the response starts: a timeout there is still a clean 503.
    const first = await this.chunk(where);
    return new KeysetStream<ExportRow, PaymentView>({
      first,
      next: (last) => this.chunk(where, last),
      chunkRows: EXPORT_CHUNK_ROWS,
      map: toPaymentView,
    });
  }

  private chunk(where: SqlWhere, after?: ExportRow): Promise<ExportRow[]> {
    const params = [...where.params];
    let keyset = '';
    if (after) {
      params.push(after.keyset_at, after.id);
      keyset = ` AND (p.occurred_at, p.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(EXPORT_CHUNK_ROWS);
    return this.longReads.query<ExportRow>(
      `SELECT ${PAYMENT_COLUMNS}, p.occurred_at::text AS keyset_at FROM payments p WHERE ${where.sql}${keyset}
        ORDER BY p.occurred_at DESC, p.id DESC LIMIT $${params.length}`,
      params,
    );
  }
}
