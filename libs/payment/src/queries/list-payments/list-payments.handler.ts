import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, DomainError, Page, toPage } from '@app/core';
import { PaymentView } from '@app/contracts';
import { PaymentFilters } from '../../services/payment-filters';
import { toPaymentView } from '../../services/payment-row';
import { readPayments } from './payments.sql';
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
    let before: { occurredAt: string; id: unknown } | null = null;
    if (after) {
      if (typeof after.k !== 'string' || Number.isNaN(Date.parse(after.k)) || !UUID.test(String(after.id))) {
        throw new DomainError('invalid', 'Invalid cursor', [{ field: 'cursor', message: 'invalid cursor' }]);
      }
      before = { occurredAt: after.k, id: after.id };
    }
    const rows = await readPayments(this.dataSource, where, before, limit + 1);
    return toPage(rows, limit, toPaymentView, (r) => ({ k: r.occurred_at.toISOString(), id: r.id }));
  }
}
