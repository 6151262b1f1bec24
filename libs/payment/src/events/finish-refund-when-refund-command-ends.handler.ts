import { Logger } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { FINAL_COMMAND_STATUSES, KioskCommandUpdatedEvent } from '@app/core';
import { RefundOutcomes } from '../services/refund-outcomes';

/** The refund is linked to its command right after issuing; a very fast kiosk may ack before that. */
const LINK_WAIT_ATTEMPTS = 20;
const LINK_WAIT_MS = 100;

/**
 * A card/QR refund completes when the kiosk confirms its `refund` command, and is undone (the
 * payment returns to its previous status) when the command fails, expires or is cancelled.
 */
@EventsHandler(KioskCommandUpdatedEvent)
export class FinishRefundWhenRefundCommandEndsHandler implements IEventHandler<KioskCommandUpdatedEvent> {
  private readonly logger = new Logger(FinishRefundWhenRefundCommandEndsHandler.name);

  constructor(private readonly outcomes: RefundOutcomes) {}

  async handle({ command }: KioskCommandUpdatedEvent): Promise<void> {
    if (command.command !== 'refund' || !FINAL_COMMAND_STATUSES.includes(command.status)) return;
    const succeeded = command.status === 'succeeded';
    try {
      for (let attempt = 0; attempt < LINK_WAIT_ATTEMPTS; attempt++) {
        const r = await this.outcomes.finishByCommand(
          command.id,
          succeeded,
          `refund command ${command.status}`,
        );
        if (r !== 'unknown') return;
        await new Promise((resolve) => setTimeout(resolve, LINK_WAIT_MS));
      }
      // A refund command issued by hand (POST /kiosks/{id}/commands) belongs to no payment refund.
    } catch (e) {
      this.logger.error(
        `settling the refund of command ${command.id} failed: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
}
