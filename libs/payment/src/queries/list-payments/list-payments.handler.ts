import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, DomainError, Page, toPage } from '@app/core';
import { PaymentView } from '@app/contracts';
import { queryRecords } from '@app/database';
import { PaymentFilters } from '../../services/payment-filters';
import { PAYMENT_COLUMNS, PaymentRow, toPaymentView } from '../../services/payment-row';
import { ListPaymentsQuery } from './list-payments.query';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@QueryHandler(ListPaymentsQuery)
export class ListPaymentsHandler implements IQueryHandler<ListPaymentsQuery, Page<PaymentView>> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly filters: PaymentFilters,
  ) {}

  async execute({ user, filter, limit, cursor }: ListPaymentsQuery): Promise<Page<PaymentView>> {
    const after = decodeCursor(cursor);
    const where = await this.filters.where(user, filter);
    const params = [...where.params];
    let keyset = '';
    if (after) {
      if (typeof after.k !== 'string' || Number.isNaN(Date.parse(after.k)) || !UUID.test(String(after.id))) {
        throw new DomainError('invalid', 'Invalid cursor', [{ field: 'cursor', message: 'invalid cursor' }]);
      }
      params.push(after.k, after.id);
      keyset = ` AND (p.occurred_at, p.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(limit + 1);
    const rows = await queryRecords<PaymentRow>(
      this.dataSource,
      `SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE ${where.sql}${keyset}
        ORDER BY p.occurred_at DESC, p.id DESC LIMIT $${params.length}`,
      params,
    );
    return toPage(rows, limit, toPaymentView, (r) => ({ k: r.occurred_at.toISOString(), id: r.id }));
  }
}
