import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PaymentRecorder } from '../../services/payment-recorder';
import { KioskPaymentRecorded, RecordKioskPaymentCommand } from './record-kiosk-payment.command';

@CommandHandler(RecordKioskPaymentCommand)
export class RecordKioskPaymentHandler implements ICommandHandler<
  RecordKioskPaymentCommand,
  KioskPaymentRecorded
> {
  constructor(private readonly recorder: PaymentRecorder) {}

  async execute({ kioskId, payment }: RecordKioskPaymentCommand): Promise<KioskPaymentRecorded> {
    const { payment: row, created } = await this.recorder.record({
      kioskId,
      ...payment,
      source: 'kiosk',
      createdBy: null,
    });
    return { paymentId: row.id, duplicate: !created };
  }
}
