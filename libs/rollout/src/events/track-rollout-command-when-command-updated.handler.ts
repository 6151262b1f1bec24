import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { Logger } from '@nestjs/common';
import { FINAL_COMMAND_STATUSES, KioskCommandUpdatedEvent } from '@app/contracts';
import { RolloutEngine } from '../services/rollout-engine';
import { RolloutKioskStates } from '../services/rollout-kiosk-states';

/** A rollout kiosk's `update` command reached a final status: its kiosk state follows at once. */
@EventsHandler(KioskCommandUpdatedEvent)
export class TrackRolloutCommandWhenCommandUpdatedHandler implements IEventHandler<KioskCommandUpdatedEvent> {
  private readonly logger = new Logger(TrackRolloutCommandWhenCommandUpdatedHandler.name);

  constructor(
    private readonly states: RolloutKioskStates,
    private readonly engine: RolloutEngine,
  ) {}

  async handle({ command }: KioskCommandUpdatedEvent): Promise<void> {
    if (command.command !== 'update' || !FINAL_COMMAND_STATUSES.includes(command.status)) return;
    try {
      const moved = await this.states.applyCommandStatus(command.id, {
        status: command.status,
        error: command.error ?? null,
      });
      if (moved.length) this.engine.nudge();
    } catch (e) {
      // The engine's next pass catches up from the command log.
      this.logger.warn(`rollout state of command ${command.id} not updated: ${String(e)}`);
    }
  }
}
