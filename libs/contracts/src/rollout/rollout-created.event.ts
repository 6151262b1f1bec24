import type { AuditActor } from '../auth/audit-actor';

/** An admin created a rollout (a draft, its kiosks resolved into waves). */
export class RolloutCreatedEvent {
  constructor(
    readonly rolloutId: string,
    readonly name: string,
    /** The firmware version it installs. */
    readonly version: string,
    readonly kiosks: number,
    readonly actor: AuditActor,
  ) {}
}
