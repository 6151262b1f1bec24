import type { RolloutUpdatedPayload } from './rollout';

/** A rollout changed status or a wave's progress moved; the admin feed's `rollout_updated`. */
export class RolloutUpdatedEvent {
  constructor(readonly rollout: RolloutUpdatedPayload) {}
}
