import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { conflict } from '@app/core';
import { PaymentView } from '@app/contracts';
import { PaymentAccess } from '../../services/payment-access';
import { IdempotencyStore, RouteOutcome } from '../../services/idempotency';
import { PaymentRecorder } from '../../services/payment-recorder';
import { toPaymentView } from '../../services/payment-row';
import { CreatePaymentCommand } from './create-payment.command';

@CommandHandler(CreatePaymentCommand)
export class CreatePaymentHandler implements ICommandHandler<
  CreatePaymentCommand,
  RouteOutcome<PaymentView>
> {
  constructor(
    private readonly recorder: PaymentRecorder,
    private readonly access: PaymentAccess,
    private readonly idempotency: IdempotencyStore,
  ) {}

  execute({ user, body, idempotencyKey }: CreatePaymentCommand): Promise<RouteOutcome<PaymentView>> {
    return this.idempotency.run(user.id, idempotencyKey, ['POST /payments', body], async () => {
      await this.access.assertKioskVisible(user, body.kioskId);
      const { payment, created } = await this.recorder.record({
        kioskId: body.kioskId,
        transactionId: body.transactionId,
        amount: body.amount,
        currency: body.currency,
        method: body.method,
        status: body.status,
        occurredAt: new Date(body.occurredAt),
        customerEmail: body.customerEmail ?? null,
        items: body.items ?? null,
        source: 'api',
        createdBy: user.id,
      });
      if (!created) {
        throw conflict('This transaction is already recorded for this kiosk', [
          { field: 'transactionId', message: `is already recorded (payment ${payment.id})` },
        ]);
      }
      return { status: 201, body: toPaymentView(payment) };
    });
  }
}
