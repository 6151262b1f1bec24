import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { RolloutUpdatedEvent } from '@app/contracts';
import { AdminFeedPublisher } from './admin-feed.publisher';

/** A rollout spans many kiosks and is an admin's business: `rollout_updated` goes to admins only. */
@EventsHandler(RolloutUpdatedEvent)
export class PushRolloutWhenRolloutUpdatedHandler implements IEventHandler<RolloutUpdatedEvent> {
  constructor(private readonly feed: AdminFeedPublisher) {}

  handle({ rollout }: RolloutUpdatedEvent): void {
    this.feed.emitToAdmins('rollout_updated', rollout);
  }
}
