import {
  CommandBus,
  CommandHandler,
  CommandHandlerNotFoundException,
  EventBus,
  ICommandHandler,
} from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { conflict, DomainError, notFound, unprocessable } from '@app/core';
import { IssueKioskCommandCommand, IssuedWithin, PaymentUpdatedEvent, PaymentView } from '@app/contracts';
import { formatAmount, parseMoney } from '../../money/money';
import { PaymentRepository } from '../../repositories/payment.repository';
import { IdempotencyClaim, IdempotencyStore, RouteOutcome } from '../../services/idempotency';
import { PaymentAccess } from '../../services/payment-access';
import { PaymentRow, toPaymentView } from '../../services/payment-row';
import { RefundOutcomes, RefundRow } from '../../services/refund-outcomes';
import { RefundPaymentCommand } from './refund-payment.command';

/** How long the kiosk has to carry out a card/QR refund before it is given up. */
export const REFUND_COMMAND_TTL_SEC = 600;
/** The format check is the parser's; whether the amount fits the payment is a state question (422). */
const NO_CEILING = 10n ** 30n;
/** A full refund whose payment changed between the read and the lock is prepared again this often. */
const MAX_ATTEMPTS = 3;

const REFUSED_STATUS: Partial<Record<PaymentRow['status'], string>> = {
  failed: 'A failed payment cannot be refunded',
  refund_pending: 'A refund of this payment is still waiting for the kiosk',
  refunded: 'This payment is already fully refunded',
};

interface Decided {
  payment: PaymentRow;
  refund: RefundRow;
}

/** The amount put in the kiosk's command no longer matches the locked payment: prepare again. */
class PaymentMoved extends Error {}

/** The refund amount the payment allows, or the refusal (422) a client gets. */
function refundAmount(p: PaymentRow, requested: bigint | undefined): bigint {
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
  return amount;
}

/**
 * Refunds a payment. The payment row is locked for the whole decision, so concurrent refunds see
 * each other's effect and their sum never exceeds the payment. Cash is given back at the kiosk's
 * counter and recorded at once (200). Card and QR refunds go through the kiosk: the refund row, the
 * payment's `refund_pending` and the kiosk's `refund` command commit in one transaction (the
 * command module lends its transaction: IssueKioskCommandCommand `within`), the command reaches the
 * kiosk after the commit, and the kiosk's ack completes or undoes the refund. With an
 * Idempotency-Key, the key and its answer commit in that same transaction.
 */
@CommandHandler(RefundPaymentCommand)
export class RefundPaymentHandler implements ICommandHandler<
  RefundPaymentCommand,
  RouteOutcome<PaymentView>
> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly payments: PaymentRepository,
    private readonly commands: CommandBus,
    private readonly events: EventBus,
    private readonly access: PaymentAccess,
    private readonly idempotency: IdempotencyStore,
    private readonly outcomes: RefundOutcomes,
  ) {}

  execute(c: RefundPaymentCommand): Promise<RouteOutcome<PaymentView>> {
    const request = [`POST /payments/${c.paymentId}/refund`, { amount: c.amount, reason: c.reason }];
    return this.idempotency.runAtomic(c.user.id, c.idempotencyKey, request, (claim) => this.refund(c, claim));
  }

  private async refund(
    c: RefundPaymentCommand,
    claim?: IdempotencyClaim,
  ): Promise<RouteOutcome<PaymentView>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(c, claim);
      } catch (e) {
        if (!(e instanceof PaymentMoved)) throw e;
        if (attempt >= MAX_ATTEMPTS)
          throw conflict('The payment changed while the refund was prepared; try again');
      }
    }
  }

  private async attempt(
    c: RefundPaymentCommand,
    claim?: IdempotencyClaim,
  ): Promise<RouteOutcome<PaymentView>> {
    const found = await this.payments.find(c.paymentId);
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
    // Refused early without a lock (and without issuing anything); decided again under the lock.
    const amount = refundAmount(found, requested);

    if (found.method === 'cash') {
      const done = await this.dataSource.transaction((manager) => this.decide(manager, c, requested, claim));
      this.outcomes.published(done.payment, done.refund);
      return { status: 200, body: toPaymentView(done.payment) };
    }

    // The command carries the amount, so it is fixed before the lock; `decide` checks it still holds.
    const params = { payment_id: found.id, amount: formatAmount(amount, found.currency) };
    try {
      const { within } = await this.commands.execute<
        IssueKioskCommandCommand<Decided>,
        IssuedWithin<Decided>
      >(
        new IssueKioskCommandCommand(
          found.kiosk_id,
          'refund',
          params,
          REFUND_COMMAND_TTL_SEC,
          c.user,
          undefined,
          async (tx) => {
            const decided = await this.decide(tx.manager, c, requested, claim, {
              commandId: tx.command.id,
              amount,
            });
            // Before the command is announced: the feed shows refund_pending before any kiosk answer.
            tx.afterCommit(() =>
              this.events.publish(new PaymentUpdatedEvent(toPaymentView(decided.payment))),
            );
            return decided;
          },
        ),
      );
      return { status: 202, body: toPaymentView(within.payment) };
    } catch (e) {
      if (e instanceof CommandHandlerNotFoundException) {
        throw unprocessable(
          'Card and QR refunds go through the kiosk, and remote commands are off on this server',
        );
      }
      throw e;
    }
  }

  /**
   * Under the payment's row lock: checks the refund again, writes it (with its command, for card
   * and QR), applies a cash refund at once, and stores the Idempotency-Key with the answer — all in
   * the caller's transaction.
   */
  private async decide(
    manager: EntityManager,
    c: RefundPaymentCommand,
    requested: bigint | undefined,
    claim: IdempotencyClaim | undefined,
    viaKiosk?: { commandId: string; amount: bigint },
  ): Promise<Decided> {
    const p = await this.payments.lock(manager, c.paymentId);
    const amount = refundAmount(p, requested);
    if (viaKiosk && amount !== viaKiosk.amount) throw new PaymentMoved();
    const refund = await this.payments.insertRefund(manager, {
      paymentId: p.id,
      amountMinor: amount,
      reason: c.reason,
      previousStatus: p.status,
      requestedBy: c.user.id,
      commandId: viaKiosk?.commandId ?? null,
    });
    let payment: PaymentRow;
    if (viaKiosk) {
      payment = await this.payments.markRefundPending(manager, p.id);
    } else {
      payment = await this.outcomes.complete(manager, refund);
    }
    await claim?.record(manager, { status: viaKiosk ? 202 : 200, body: toPaymentView(payment) });
    return { payment, refund };
  }
}
