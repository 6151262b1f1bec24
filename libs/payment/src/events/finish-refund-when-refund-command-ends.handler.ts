import { Logger } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { FINAL_COMMAND_STATUSES, KioskCommandUpdatedEvent } from '@app/contracts';
import { RefundOutcomes } from '../services/refund-outcomes';

/**
 * A card/QR refund completes when the kiosk confirms its `refund` command, and is undone (the
 * payment returns to its settled status) when the command fails, expires or is cancelled. A success
 * that comes after expiry (the command module moves the command on to `succeeded`) completes the
 * refund that had been undone. The refund and its command are created in one transaction, so a
 * refund command always has its refund row by the time any ack can arrive.
 */
@EventsHandler(KioskCommandUpdatedEvent)
export class FinishRefundWhenRefundCommandEndsHandler implements IEventHandler<KioskCommandUpdatedEvent> {
  private readonly logger = new Logger(FinishRefundWhenRefundCommandEndsHandler.name);

  constructor(private readonly outcomes: RefundOutcomes) {}

  async handle({ command }: KioskCommandUpdatedEvent): Promise<void> {
    if (command.command !== 'refund' || !FINAL_COMMAND_STATUSES.includes(command.status)) return;
    try {
      await this.outcomes.finishByCommand(
        command.id,
        command.status === 'succeeded',
        `refund command ${command.status}`,
      );
    } catch (e) {
      this.logger.error(
        `settling the refund of command ${command.id} failed: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
}
