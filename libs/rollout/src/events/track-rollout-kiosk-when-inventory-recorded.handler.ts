import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { Logger } from '@nestjs/common';
import { KioskInventoryRecordedEvent } from '@app/contracts';
import { RolloutEngine } from '../services/rollout-engine';
import { RolloutKioskStates } from '../services/rollout-kiosk-states';

/** A kiosk joined: if a rollout updates it, the firmware it reports decides its outcome. */
@EventsHandler(KioskInventoryRecordedEvent)
export class TrackRolloutKioskWhenInventoryRecordedHandler implements IEventHandler<KioskInventoryRecordedEvent> {
  private readonly logger = new Logger(TrackRolloutKioskWhenInventoryRecordedHandler.name);

  constructor(
    private readonly states: RolloutKioskStates,
    private readonly engine: RolloutEngine,
  ) {}

  async handle({ kioskId, firmwareVersion }: KioskInventoryRecordedEvent): Promise<void> {
    try {
      const moved = await this.states.applyJoin(kioskId, firmwareVersion);
      if (moved.length) this.engine.nudge();
    } catch (e) {
      this.logger.warn(`rollout state of kiosk ${kioskId} after its join not updated: ${String(e)}`);
    }
  }
}
