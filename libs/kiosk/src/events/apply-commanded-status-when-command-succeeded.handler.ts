import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { Logger } from '@nestjs/common';
import { CommandedStatus, KioskCommandSucceededEvent } from '@app/contracts';
import { KioskStateRepository } from '../liveness/kiosk-state.repository';
import { KioskStatusChanges } from '../liveness/kiosk-status-changes';

const EFFECT: Partial<Record<string, CommandedStatus | null>> = {
  block: 'blocked',
  maintenance: 'maintenance',
  unblock: null,
};

/**
 * A kiosk that confirmed `block` or `maintenance` is in that state until it confirms `unblock`,
 * which returns it to its derived liveness status.
 */
@EventsHandler(KioskCommandSucceededEvent)
export class ApplyCommandedStatusWhenCommandSucceededHandler implements IEventHandler<KioskCommandSucceededEvent> {
  private readonly logger = new Logger(ApplyCommandedStatusWhenCommandSucceededHandler.name);

  constructor(
    private readonly states: KioskStateRepository,
    private readonly changes: KioskStatusChanges,
  ) {}

  async handle({ command }: KioskCommandSucceededEvent): Promise<void> {
    const effect = EFFECT[command.command];
    if (effect === undefined) return;
    try {
      const rows = await this.states.applyCommandedStatus(command.kioskId, effect);
      this.changes.publish(rows);
    } catch (e) {
      this.logger.error(`could not apply ${command.command} to kiosk ${command.kioskId}: ${String(e)}`);
    }
  }
}
