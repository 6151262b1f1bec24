import type { AuditActor } from '../auth/audit-actor';

/** An admin resumed a paused rollout. */
export class RolloutResumedEvent {
  constructor(
    readonly rolloutId: string,
    readonly actor: AuditActor,
  ) {}
}
