import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryRecords } from '@app/database';
import { PAYMENT_COLUMNS, PaymentRow } from '../services/payment-row';
import type { RefundRow } from '../services/refund-outcomes';

export interface NewRefund {
  paymentId: string;
  amountMinor: bigint;
  reason: string;
  previousStatus: PaymentRow['status'];
  requestedBy: string;
  /** The kiosk's `refund` command, for card and QR refunds; null for cash. */
  commandId: string | null;
}

/**
 * The statements of the payment aggregate (`payments` and its `payment_refunds`) that the refund
 * handler runs. `manager` is the transaction the refund is decided in: the payment is locked there
 * first, then its refund written (the module's one lock order, see RefundOutcomes).
 */
@Injectable()
export class PaymentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Without a lock: for checks made before the transaction opens. */
  async find(id: string): Promise<PaymentRow | undefined> {
    const [row] = await queryRecords<PaymentRow>(
      this.dataSource,
      `SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE p.id = $1`,
      [id],
    );
    return row;
  }

  /** Locked for the rest of the transaction. */
  async lock(manager: EntityManager, id: string): Promise<PaymentRow> {
    const [row] = await queryRecords<PaymentRow>(
      manager,
      `SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE p.id = $1 FOR UPDATE`,
      [id],
    );
    return row;
  }

  /** A refund waiting to be completed (cash: at once; card and QR: by the kiosk's ack). */
  async insertRefund(manager: EntityManager, r: NewRefund): Promise<RefundRow> {
    const [refund] = await queryRecords<RefundRow>(
      manager,
      `INSERT INTO payment_refunds (payment_id, amount_minor, reason, status, previous_status, requested_by, command_id)
       VALUES ($1, $2, $3, 'pending', $4, $5, $6)
       RETURNING id, payment_id, amount_minor, reason, status, previous_status`,
      [r.paymentId, r.amountMinor.toString(), r.reason, r.previousStatus, r.requestedBy, r.commandId],
    );
    return refund;
  }

  async markRefundPending(manager: EntityManager, id: string): Promise<PaymentRow> {
    const [payment] = await queryRecords<PaymentRow>(
      manager,
      `UPDATE payments p SET status = 'refund_pending' WHERE p.id = $1 RETURNING ${PAYMENT_COLUMNS}`,
      [id],
    );
    return payment;
  }
}
