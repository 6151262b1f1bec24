import { pipeline, Readable, Transform } from 'node:stream';
import { Logger } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { PaymentFilters } from '../../services/payment-filters';
import { PAYMENT_COLUMNS, PaymentRow, toPaymentView } from '../../services/payment-row';
import { ExportPaymentsQuery } from './export-payments.query';

/** Rows fetched per cursor round trip. */
const BATCH_ROWS = 1_000;

@QueryHandler(ExportPaymentsQuery)
export class ExportPaymentsHandler implements IQueryHandler<ExportPaymentsQuery, Readable> {
  private readonly logger = new Logger(ExportPaymentsHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly filters: PaymentFilters,
  ) {}

  async execute({ user, filter }: ExportPaymentsQuery): Promise<Readable> {
    const where = await this.filters.where(user, filter);
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    const rows = client.query(
      new QueryStream(
        `SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE ${where.sql} ORDER BY p.occurred_at DESC, p.id DESC`,
        where.params,
        { batchSize: BATCH_ROWS, highWaterMark: BATCH_ROWS },
      ),
    );
    const views = new Transform({
      objectMode: true,
      highWaterMark: BATCH_ROWS,
      transform(row: PaymentRow, _enc, done) {
        done(null, toPaymentView(row));
      },
    });
    // The connection goes back to the pool only once the cursor is closed: at the end, on an error,
    // or when the reader goes away (the consumer destroying `views` tears the cursor down too).
    pipeline(rows, views, (e) => {
      if (
        e &&
        e.name !== 'AbortError' &&
        (e as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE'
      ) {
        this.logger.warn(`payments export stopped: ${e.message}`);
      }
      void runner.release();
    });
    return views;
  }
}
