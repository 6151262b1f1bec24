import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { AppConfig, DomainError, FieldError, InjectAppConfig } from '@app/core';
import { PaymentMethod, PaymentRecordedEvent } from '@app/contracts';
import { normaliseCurrency, parseMoney } from '../money/money';
import { PaymentBatchWriter } from './payment-batch-writer';
import { PaymentRow, toPaymentView } from './payment-row';
import { Receipts } from './receipts';

/** One payment as a kiosk or an integrator reports it, before its amount is read. */
export interface PaymentInput {
  kioskId: number;
  transactionId: string;
  /** Major units, as sent: a decimal string or a JSON number. */
  amount: unknown;
  currency: unknown;
  method: PaymentMethod;
  status: 'completed' | 'failed';
  occurredAt: Date;
  customerEmail: string | null;
  items: unknown[] | null;
  source: 'kiosk' | 'api';
  createdBy: string | null;
}

export interface RecordedPayment {
  payment: PaymentRow;
  /** False when (kiosk, transaction_id) was recorded before: nothing new was stored. */
  created: boolean;
}

/**
 * Records a payment exactly once per (kiosk, transaction_id): the unique key decides, so any number
 * of concurrent repeats store one row. The row and its `payment.recorded` outbox event commit
 * together (PaymentBatchWriter); the in-process event and the receipt follow the commit.
 */
@Injectable()
export class PaymentRecorder {
  private readonly maxMinor: bigint;

  constructor(
    private readonly writer: PaymentBatchWriter,
    private readonly events: EventBus,
    private readonly receipts: Receipts,
    @InjectAppConfig() config: AppConfig,
  ) {
    this.maxMinor = BigInt(config.payments.maxAmountMinor);
  }

  async record(input: PaymentInput): Promise<RecordedPayment> {
    const currency = normaliseCurrency(input.currency);
    const problems: FieldError[] = [];
    if (!currency) problems.push({ field: 'currency', message: 'is not a supported ISO 4217 currency' });
    const money = currency ? parseMoney(input.amount, currency, { maxMinor: this.maxMinor }) : undefined;
    if (money && !money.ok) problems.push(money.problem);
    if (problems.length || !money?.ok || !currency) {
      throw new DomainError(
        'invalid',
        `Invalid payment: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
        problems,
      );
    }

    const { row, created } = await this.writer.write({
      kioskId: input.kioskId,
      transactionId: input.transactionId,
      amountMinor: money.minor,
      currency,
      method: input.method,
      status: input.status,
      occurredAt: input.occurredAt,
      customerEmail: input.customerEmail,
      items: input.items,
      source: input.source,
      createdBy: input.createdBy,
    });
    if (created) {
      this.events.publish(new PaymentRecordedEvent(toPaymentView(row)));
      await this.receipts.enqueue(row);
    }
    return { payment: row, created };
  }
}
