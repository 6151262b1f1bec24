import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RateAlerts } from '../../evaluation/rate-alerts';
import { RecordFailedPaymentCommand } from './record-failed-payment.command';

@CommandHandler(RecordFailedPaymentCommand)
export class RecordFailedPaymentHandler implements ICommandHandler<RecordFailedPaymentCommand, void> {
  private readonly logger = new Logger(RecordFailedPaymentHandler.name);

  constructor(private readonly rates: RateAlerts) {}

  async execute({ kioskId, method }: RecordFailedPaymentCommand): Promise<void> {
    await this.rates.onPaymentFailed(kioskId, method).catch((e: unknown) => {
      this.logger.error(
        `rate rules of kiosk ${kioskId} failed: ${e instanceof Error ? e.message : String(e)}`,
      );
    });
  }
}
