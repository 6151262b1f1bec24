import type { AuditActor } from '../auth/audit-actor';

/** An admin started a draft rollout. */
export class RolloutStartedEvent {
  constructor(
    readonly rolloutId: string,
    readonly actor: AuditActor,
  ) {}
}
