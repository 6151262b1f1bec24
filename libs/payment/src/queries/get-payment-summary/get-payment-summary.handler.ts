import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/core';
import type { PaymentSummaryDto } from '../../dto/payment-query.dto';
import { formatAmount, normaliseCurrency } from '../../money/money';
import { PaymentAccess } from '../../services/payment-access';
import { GetPaymentSummaryQuery } from './get-payment-summary.query';
import { readPaymentSummary } from './payment-summary.sql';

const DEFAULT_RANGE_MS = 30 * 86_400_000;

/**
 * The summary in one SQL statement: whole UTC days from `payment_daily_totals` (kept by a trigger,
 * a few rows per kiosk and day), the partial days at the ends of the range from `payments` through
 * an index-only scan. Exact: sums are bigint/numeric, formatted per currency.
 */
@QueryHandler(GetPaymentSummaryQuery)
export class GetPaymentSummaryHandler implements IQueryHandler<GetPaymentSummaryQuery, PaymentSummaryDto> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: PaymentAccess,
  ) {}

  async execute(q: GetPaymentSummaryQuery): Promise<PaymentSummaryDto> {
    const to = q.range.to ? new Date(q.range.to) : new Date();
    const from = q.range.from ? new Date(q.range.from) : new Date(to.getTime() - DEFAULT_RANGE_MS);
    const currency = q.currency === undefined ? undefined : normaliseCurrency(q.currency);
    if (q.currency !== undefined && !currency) {
      throw new DomainError('invalid', 'Invalid summary query', [
        { field: 'currency', message: 'is not a supported ISO 4217 currency' },
      ]);
    }
    if (from >= to)
      throw new DomainError('invalid', 'Invalid summary query', [
        { field: 'to', message: 'must be after from' },
      ]);
    let kiosks: number[] | null;
    if (q.kioskId !== undefined) {
      await this.access.assertKioskVisible(q.user, q.kioskId);
      kiosks = [q.kioskId];
    } else {
      kiosks = await this.access.visibleKioskIds(q.user);
    }

    const rows = await readPaymentSummary(this.dataSource, q.groupBy, from, to, kiosks, currency ?? null);
    const groups = rows
      .map((r) => ({
        key: r.key,
        currency: r.currency,
        count: Number(r.count),
        total: formatAmount(r.total, r.currency),
        refunded: formatAmount(r.refunded, r.currency),
      }))
      .sort(
        (a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }) || a.currency.localeCompare(b.currency),
      );
    return { groups };
  }
}
