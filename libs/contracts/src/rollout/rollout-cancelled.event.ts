import type { AuditActor } from '../auth/audit-actor';

/** An admin cancelled a rollout (no kiosk receives it any more). */
export class RolloutCancelledEvent {
  constructor(
    readonly rolloutId: string,
    readonly actor: AuditActor,
  ) {}
}
