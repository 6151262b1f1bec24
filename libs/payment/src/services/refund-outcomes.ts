import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PaymentRefundedEvent, PaymentUpdatedEvent } from '@app/core';
import { queryRecords, writeOutbox } from '@app/database';
import { formatAmount } from '../money/money';
import { PAYMENT_COLUMNS, PaymentRow, toPaymentView } from './payment-row';

export interface RefundRow {
  id: string;
  payment_id: string;
  amount_minor: string;
  reason: string;
  status: 'pending' | 'completed' | 'failed';
  previous_status: PaymentRow['status'];
}

export type RefundFinish = 'completed' | 'failed' | 'already_final' | 'unknown';

/**
 * Applies a completed refund to its payment (refunded amount, status, outbox, event) and undoes a
 * refund the kiosk could not carry out. Every path locks the payment row first, then the refund:
 * the one lock order of the module, so concurrent refunds and kiosk acks cannot deadlock.
 */
@Injectable()
export class RefundOutcomes {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventBus,
  ) {}

  /** Inside the caller's transaction, with the payment row already locked. */
  async complete(manager: EntityManager, refund: RefundRow): Promise<PaymentRow> {
    await manager.query(
      `UPDATE payment_refunds SET status = 'completed', completed_at = now() WHERE id = $1`,
      [refund.id],
    );
    const [payment] = await queryRecords<PaymentRow>(
      manager,
      `UPDATE payments p
          SET refunded_minor = p.refunded_minor + $2::bigint,
              status = CASE WHEN p.refunded_minor + $2::bigint = p.amount_minor THEN 'refunded' ELSE 'partially_refunded' END
        WHERE p.id = $1
        RETURNING ${PAYMENT_COLUMNS}`,
      [refund.payment_id, refund.amount_minor],
    );
    await writeOutbox(manager, [
      {
        type: 'payment.refunded',
        kioskId: payment.kiosk_id,
        occurredAt: new Date(),
        data: { ...toPaymentView(payment), refund: this.refundView(refund, payment.currency) },
      },
    ]);
    return payment;
  }

  /** After commit: tells the rest of the system. */
  published(payment: PaymentRow, refund: RefundRow): void {
    this.events.publish(
      new PaymentRefundedEvent(toPaymentView(payment), this.refundView(refund, payment.currency)),
    );
  }

  /** Settles the pending refund carried by a kiosk command that reached a final status. */
  async finishByCommand(commandId: string, succeeded: boolean, detail: string): Promise<RefundFinish> {
    const [ref] = await queryRecords<{ id: string }>(
      this.dataSource,
      `SELECT id FROM payment_refunds WHERE command_id = $1`,
      [commandId],
    );
    if (!ref) return 'unknown';
    return succeeded ? this.finish(ref.id, true, null) : this.finish(ref.id, false, detail);
  }

  /** Gives up a pending refund (its command could not be issued, or never will be answered). */
  fail(refundId: string, detail: string): Promise<RefundFinish> {
    return this.finish(refundId, false, detail);
  }

  private async finish(refundId: string, succeeded: boolean, detail: string | null): Promise<RefundFinish> {
    const done = await this.dataSource.transaction(async (manager) => {
      const [target] = await queryRecords<{ payment_id: string }>(
        manager,
        `SELECT payment_id FROM payment_refunds WHERE id = $1`,
        [refundId],
      );
      if (!target) return undefined;
      await manager.query(`SELECT 1 FROM payments WHERE id = $1 FOR UPDATE`, [target.payment_id]);
      const [refund] = await queryRecords<RefundRow>(
        manager,
        `SELECT id, payment_id, amount_minor, reason, status, previous_status FROM payment_refunds
          WHERE id = $1 AND status = 'pending' FOR UPDATE`,
        [refundId],
      );
      if (!refund) return null;
      if (succeeded) return { refund, payment: await this.complete(manager, refund) };
      await manager.query(
        `UPDATE payment_refunds SET status = 'failed', completed_at = now(), error = $2 WHERE id = $1`,
        [refund.id, detail?.slice(0, 500) ?? null],
      );
      const [restored] = await queryRecords<PaymentRow>(
        manager,
        `UPDATE payments p SET status = $2 WHERE p.id = $1 AND p.status = 'refund_pending' RETURNING ${PAYMENT_COLUMNS}`,
        [refund.payment_id, refund.previous_status],
      );
      return { refund, payment: null, restored };
    });
    if (done === undefined) return 'unknown';
    if (done === null) return 'already_final';
    if (done.payment) {
      this.published(done.payment, done.refund);
      return 'completed';
    }
    if (done.restored) this.events.publish(new PaymentUpdatedEvent(toPaymentView(done.restored)));
    return 'failed';
  }

  private refundView(r: RefundRow, currency: string) {
    return {
      id: r.id,
      amount: formatAmount(r.amount_minor, currency),
      amountMinor: Number(r.amount_minor),
      reason: r.reason,
    };
  }
}
