import { Injectable } from '@nestjs/common';
import { DomainError, FieldError } from '@app/core';
import type { PaymentFilterDto } from '../dto/payment-query.dto';
import { normaliseCurrency, parseMoney } from '../money/money';
import { PaymentAccess, PaymentUser } from './payment-access';

/** A parameterised WHERE clause over `payments p`. */
export interface SqlWhere {
  sql: string;
  params: unknown[];
}

export type PaymentFilter = Omit<PaymentFilterDto, 'limit' | 'cursor'>;

const NO_CEILING = 10n ** 30n;

/**
 * Turns list/export filters into SQL, restricted to the kiosks the user may see. A kiosk filter
 * naming a kiosk the user may not see is a 404, like every other route on that kiosk.
 */
@Injectable()
export class PaymentFilters {
  constructor(private readonly access: PaymentAccess) {}

  async where(user: PaymentUser, f: PaymentFilter): Promise<SqlWhere> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      clauses.push(sql(`$${params.length}`));
    };
    const problems: FieldError[] = [];
    const currency = f.currency === undefined ? undefined : normaliseCurrency(f.currency);
    if (f.currency !== undefined && !currency) {
      problems.push({ field: 'currency', message: 'is not a supported ISO 4217 currency' });
    }
    const bound = (raw: string | undefined, field: string): bigint | undefined => {
      if (raw === undefined) return undefined;
      if (!currency) {
        if (f.currency === undefined)
          problems.push({ field, message: 'needs currency (amounts are per currency)' });
        return undefined;
      }
      const m = parseMoney(raw, currency, { maxMinor: NO_CEILING, allowZero: true, field });
      if (!m.ok) return void problems.push(m.problem);
      return m.minor;
    };
    const min = bound(f.minAmount, 'minAmount');
    const max = bound(f.maxAmount, 'maxAmount');
    if (f.from && f.to && new Date(f.from) >= new Date(f.to))
      problems.push({ field: 'to', message: 'must be after from' });
    if (problems.length) throw new DomainError('invalid', 'Invalid payment filter', problems);

    if (f.kioskId !== undefined) {
      await this.access.assertKioskVisible(user, f.kioskId);
      add((n) => `p.kiosk_id = ${n}`, f.kioskId);
    } else {
      const visible = await this.access.visibleKioskIds(user);
      if (visible) add((n) => `p.kiosk_id = ANY(${n}::int[])`, visible);
    }
    if (f.method) add((n) => `p.method = ${n}`, f.method);
    if (f.status) add((n) => `p.status = ${n}`, f.status);
    if (currency) add((n) => `p.currency = ${n}`, currency);
    if (f.from) add((n) => `p.occurred_at >= ${n}::timestamptz`, f.from);
    if (f.to) add((n) => `p.occurred_at < ${n}::timestamptz`, f.to);
    if (min !== undefined) add((n) => `p.amount_minor >= ${n}::bigint`, min.toString());
    if (max !== undefined) add((n) => `p.amount_minor <= ${n}::bigint`, max.toString());
    return { sql: clauses.length ? clauses.join(' AND ') : 'true', params };
  }
}
