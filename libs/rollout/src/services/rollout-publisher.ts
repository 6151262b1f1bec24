import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { EntityManager } from 'typeorm';
import { RolloutUpdatedEvent, RolloutUpdatedPayload } from '@app/contracts';
import { writeOutbox } from '@app/database';
import { RolloutReader, updatedPayload } from './rollout-reader';

/**
 * Tells the admin feed (`rollout_updated`) and webhooks (`rollout.updated`, through the outbox) what
 * a rollout looks like now. `record` writes the outbox row in the caller's transaction, so a status
 * change and its webhook commit together; `announce` publishes the feed event after the commit.
 */
@Injectable()
export class RolloutPublisher {
  constructor(
    private readonly reader: RolloutReader,
    private readonly events: EventBus,
  ) {}

  async record(manager: EntityManager, rolloutId: string): Promise<RolloutUpdatedPayload | null> {
    const rollout = await this.reader.get(rolloutId, manager);
    if (!rollout) return null;
    const payload = updatedPayload(rollout);
    await this.write(manager, payload);
    return payload;
  }

  async write(manager: EntityManager, payload: RolloutUpdatedPayload): Promise<void> {
    await writeOutbox(manager, [
      { type: 'rollout.updated', kioskId: null, occurredAt: new Date(payload.at), data: payload },
    ]);
  }

  announce(payload: RolloutUpdatedPayload | null): void {
    if (payload) this.events.publish(new RolloutUpdatedEvent(payload));
  }
}
