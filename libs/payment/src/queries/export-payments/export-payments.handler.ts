import type { Readable } from 'node:stream';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { PaymentView } from '@app/contracts';
import { KeysetStream, LongReads } from '@app/database';
import { PaymentFilters, SqlWhere } from '../../services/payment-filters';
import { toPaymentView } from '../../services/payment-row';
import { ExportRow, readExportChunk } from './export-chunk.sql';
import { ExportPaymentsQuery } from './export-payments.query';

/** Rows per keyset query: one short statement each, a few hundred KB of CSV. */
export const EXPORT_CHUNK_ROWS = 1_000;

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
    return readExportChunk(this.longReads, where, EXPORT_CHUNK_ROWS, after);
  }
}
