import { Logger } from '@nestjs/common';
import {
  CommandBus,
  CommandHandler,
  CommandHandlerNotFoundException,
  EventBus,
  ICommandHandler,
} from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  DomainError,
  IssueKioskCommandCommand,
  notFound,
  PaymentUpdatedEvent,
  PaymentView,
  unprocessable,
} from '@app/core';
import { queryRecords } from '@app/database';
import { formatAmount, parseMoney } from '../../money/money';
import { IdempotencyStore, RouteOutcome } from '../../services/idempotency';
import { PaymentAccess } from '../../services/payment-access';
import { PAYMENT_COLUMNS, PaymentRow, toPaymentView } from '../../services/payment-row';
import { RefundOutcomes, RefundRow } from '../../services/refund-outcomes';
import { RefundPaymentCommand } from './refund-payment.command';

/** How long the kiosk has to carry out a card/QR refund before it is given up. */
export const REFUND_COMMAND_TTL_SEC = 600;
/** The format check is the parser's; whether the amount fits the payment is a state question (422). */
const NO_CEILING = 10n ** 30n;

const REFUSED_STATUS: Partial<Record<PaymentRow['status'], string>> = {
  failed: 'A failed payment cannot be refunded',
  refund_pending: 'A refund of this payment is still waiting for the kiosk',
  refunded: 'This payment is already fully refunded',
};

type Locked =
  | { kind: 'done'; payment: PaymentRow; refund: RefundRow }
  | { kind: 'pending'; payment: PaymentRow; refund: RefundRow };

/**
 * Refunds a payment. The payment row is locked for the whole decision, so concurrent refunds see
 * each other's effect and their sum never exceeds the payment. Cash is given back at the kiosk's
 * counter and recorded at once (200). Card and QR refunds go through the kiosk: a `refund` command
 * is issued, the payment shows `refund_pending` (202), and the kiosk's ack completes or undoes it.
 */
@CommandHandler(RefundPaymentCommand)
export class RefundPaymentHandler implements ICommandHandler<
  RefundPaymentCommand,
  RouteOutcome<PaymentView>
> {
  private readonly logger = new Logger(RefundPaymentHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandBus,
    private readonly events: EventBus,
    private readonly access: PaymentAccess,
    private readonly idempotency: IdempotencyStore,
    private readonly outcomes: RefundOutcomes,
  ) {}

  execute(c: RefundPaymentCommand): Promise<RouteOutcome<PaymentView>> {
    const request = [`POST /payments/${c.paymentId}/refund`, { amount: c.amount, reason: c.reason }];
    return this.idempotency.run(c.user.id, c.idempotencyKey, request, () => this.refund(c));
  }

  private async refund(c: RefundPaymentCommand): Promise<RouteOutcome<PaymentView>> {
    const [found] = await queryRecords<PaymentRow>(
      this.dataSource,
      `SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE p.id = $1`,
      [c.paymentId],
    );
    if (!found || !(await this.access.canSeeKiosk(c.user, found.kiosk_id))) throw notFound('Payment');
    let requested: bigint | undefined;
    if (c.amount !== undefined) {
      const parsed = parseMoney(c.amount, found.currency, { maxMinor: NO_CEILING });
      if (!parsed.ok)
        throw new DomainError('invalid', `Invalid refund: amount ${parsed.problem.message}`, [
          parsed.problem,
        ]);
      requested = parsed.minor;
    }

    const locked = await this.dataSource.transaction(async (manager): Promise<Locked> => {
      const [p] = await queryRecords<PaymentRow>(
        manager,
        `SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE p.id = $1 FOR UPDATE`,
        [c.paymentId],
      );
      const refused = REFUSED_STATUS[p.status];
      if (refused) throw unprocessable(refused);
      const remaining = BigInt(p.amount_minor) - BigInt(p.refunded_minor);
      const amount = requested ?? remaining;
      if (amount > remaining) {
        const left = `${formatAmount(remaining, p.currency)} ${p.currency}`;
        throw unprocessable(`The refund is larger than what is left to refund (${left})`, [
          { field: 'amount', message: `must be at most ${left}` },
        ]);
      }
      const cash = p.method === 'cash';
      const [refund] = await queryRecords<RefundRow>(
        manager,
        `INSERT INTO payment_refunds (payment_id, amount_minor, reason, status, previous_status, requested_by)
         VALUES ($1, $2, $3, 'pending', $4, $5)
         RETURNING id, payment_id, amount_minor, reason, status, previous_status`,
        [p.id, amount.toString(), c.reason, p.status, c.user.id],
      );
      if (cash) return { kind: 'done', refund, payment: await this.outcomes.complete(manager, refund) };
      const [pending] = await queryRecords<PaymentRow>(
        manager,
        `UPDATE payments p SET status = 'refund_pending' WHERE p.id = $1 RETURNING ${PAYMENT_COLUMNS}`,
        [p.id],
      );
      return { kind: 'pending', refund, payment: pending };
    });

    if (locked.kind === 'done') {
      this.outcomes.published(locked.payment, locked.refund);
      return { status: 200, body: toPaymentView(locked.payment) };
    }
    await this.sendToKiosk(c, locked.payment, locked.refund);
    const view = toPaymentView(locked.payment);
    this.events.publish(new PaymentUpdatedEvent(view));
    return { status: 202, body: view };
  }

  /** Issues the kiosk's `refund` command; if that is refused, the refund is undone before answering. */
  private async sendToKiosk(c: RefundPaymentCommand, payment: PaymentRow, refund: RefundRow): Promise<void> {
    try {
      const { command } = await this.commands.execute<IssueKioskCommandCommand, { command: { id: string } }>(
        new IssueKioskCommandCommand(
          payment.kiosk_id,
          'refund',
          { payment_id: payment.id, amount: formatAmount(refund.amount_minor, payment.currency) },
          REFUND_COMMAND_TTL_SEC,
          c.user,
          // one command per refund, even if this step is retried
          `payment-refund:${refund.id}`,
        ),
      );
      await this.dataSource.query(`UPDATE payment_refunds SET command_id = $2 WHERE id = $1`, [
        refund.id,
        command.id,
      ]);
    } catch (e) {
      await this.outcomes.fail(
        refund.id,
        `refund command not issued: ${e instanceof Error ? e.message : String(e)}`,
      );
      if (e instanceof DomainError) throw e;
      if (e instanceof CommandHandlerNotFoundException) {
        throw unprocessable(
          'Card and QR refunds go through the kiosk, and remote commands are off on this server',
        );
      }
      this.logger.error(`refund ${refund.id}: issuing the kiosk command failed: ${String(e)}`);
      throw new DomainError('overloaded', 'The refund could not be sent to the kiosk; try again');
    }
  }
}
