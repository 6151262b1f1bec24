import { Injectable, Logger } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Counter } from 'prom-client';
import { MetricsService } from '@app/core';
import { PaymentRefundedEvent, PaymentUpdatedEvent } from '@app/contracts';
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

export type RefundFinish = 'completed' | 'failed' | 'already_final' | 'unrecorded' | 'unknown';

/** What a kiosk-confirmed refund that no longer fits its payment is marked with (see finish). */
export const OVER_REFUND_ERROR =
  'the kiosk confirmed this refund, but the payment has less left to refund: reconcile by hand';

/** The status a payment returns to when no refund of it waits for a kiosk any more. */
const SETTLED_STATUS = `CASE
  WHEN EXISTS (SELECT 1 FROM payment_refunds r WHERE r.payment_id = p.id AND r.status = 'pending') THEN 'refund_pending'
  WHEN p.refunded_minor = 0 THEN 'completed'
  WHEN p.refunded_minor = p.amount_minor THEN 'refunded'
  ELSE 'partially_refunded' END`;

type Finished =
  | { kind: 'completed'; refund: RefundRow; payment: PaymentRow; late: boolean }
  | { kind: 'failed' | 'unrecorded'; refund: RefundRow; restored: PaymentRow | undefined };

/**
 * Applies a completed refund to its payment (refunded amount, status, outbox, event) and undoes a
 * refund the kiosk could not carry out. Every path locks the payment row first, then the refund:
 * the one lock order of the module, so concurrent refunds and kiosk acks cannot deadlock.
 *
 * A kiosk's `success` is the truth about money: it completes the refund even when it arrives after
 * the refund was given up (its command expired), the "late" case. If the payment has no room left
 * for it by then (another refund of the rest completed meanwhile), the books cannot show more
 * refunded than paid: the refund is marked with OVER_REFUND_ERROR, logged and counted
 * (`payment_refunds_unrecorded_total`) for a person to settle.
 */
@Injectable()
export class RefundOutcomes {
  private readonly logger = new Logger(RefundOutcomes.name);
  private readonly unrecorded: Counter;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventBus,
    metrics: MetricsService,
  ) {
    const name = 'payment_refunds_unrecorded_total';
    this.unrecorded =
      (metrics.registry.getSingleMetric(name) as Counter | undefined) ??
      new Counter({
        name,
        help: 'Refunds a kiosk confirmed that exceed what was left of the payment: reconcile by hand',
        registers: [metrics.registry],
      });
  }

  /** Inside the caller's transaction, with the payment row already locked and the refund fitting. */
  async complete(manager: EntityManager, refund: RefundRow): Promise<PaymentRow> {
    await manager.query(
      `UPDATE payment_refunds SET status = 'completed', completed_at = now(), error = NULL WHERE id = $1`,
      [refund.id],
    );
    const [payment] = await queryRecords<PaymentRow>(
      manager,
      `UPDATE payments p
          SET refunded_minor = p.refunded_minor + $2::bigint,
              status = CASE
                WHEN EXISTS (SELECT 1 FROM payment_refunds r WHERE r.payment_id = p.id AND r.status = 'pending') THEN 'refund_pending'
                WHEN p.refunded_minor + $2::bigint = p.amount_minor THEN 'refunded'
                ELSE 'partially_refunded' END
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

  /** Settles the refund carried by a kiosk command that reached a final status. */
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
    const done = await this.dataSource.transaction(
      async (manager): Promise<Finished | 'unknown' | 'final'> => {
        const [target] = await queryRecords<{ payment_id: string }>(
          manager,
          `SELECT payment_id FROM payment_refunds WHERE id = $1`,
          [refundId],
        );
        if (!target) return 'unknown';
        const [p] = await queryRecords<{ amount_minor: string; refunded_minor: string }>(
          manager,
          `SELECT amount_minor, refunded_minor FROM payments WHERE id = $1 FOR UPDATE`,
          [target.payment_id],
        );
        const [refund] = await queryRecords<RefundRow>(
          manager,
          `SELECT id, payment_id, amount_minor, reason, status, previous_status FROM payment_refunds
          WHERE id = $1 FOR UPDATE`,
          [refundId],
        );
        // A failure is final; only the kiosk's success may still turn a failed refund into a completed one.
        if (refund.status === 'completed' || (refund.status === 'failed' && !succeeded)) return 'final';
        const late = refund.status === 'failed';
        const fits = BigInt(refund.amount_minor) <= BigInt(p.amount_minor) - BigInt(p.refunded_minor);
        if (succeeded && fits) {
          return { kind: 'completed', refund, late, payment: await this.complete(manager, refund) };
        }
        const error = succeeded ? OVER_REFUND_ERROR : (detail?.slice(0, 500) ?? null);
        await manager.query(
          `UPDATE payment_refunds SET status = 'failed', completed_at = coalesce(completed_at, now()), error = $2
          WHERE id = $1`,
          [refund.id, error],
        );
        const [restored] = await queryRecords<PaymentRow>(
          manager,
          `UPDATE payments p SET status = ${SETTLED_STATUS}
          WHERE p.id = $1 AND p.status = 'refund_pending' RETURNING ${PAYMENT_COLUMNS}`,
          [refund.payment_id],
        );
        return { kind: succeeded ? 'unrecorded' : 'failed', refund, restored };
      },
    );
    if (done === 'unknown') return 'unknown';
    if (done === 'final') return 'already_final';
    if (done.kind === 'completed') {
      if (done.late)
        this.logger.warn(`refund ${done.refund.id}: recorded from a kiosk success that came after expiry`);
      this.published(done.payment, done.refund);
      return 'completed';
    }
    if (done.kind === 'unrecorded') {
      this.unrecorded.inc();
      this.logger.error(`refund ${done.refund.id}: ${OVER_REFUND_ERROR}`);
    }
    if (done.restored && done.restored.status !== 'refund_pending') {
      this.events.publish(new PaymentUpdatedEvent(toPaymentView(done.restored)));
    }
    return done.kind;
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
