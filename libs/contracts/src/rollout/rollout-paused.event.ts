import type { AuditActor } from '../auth/audit-actor';

/** An admin paused a running rollout (kiosks already commanded still answer). */
export class RolloutPausedEvent {
  constructor(
    readonly rolloutId: string,
    readonly actor: AuditActor,
  ) {}
}
