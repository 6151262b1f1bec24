import type { AuditActor } from '@app/contracts';

/** `POST /rollouts/{id}/start|pause|resume|cancel`. */
export const ROLLOUT_ACTIONS = ['start', 'pause', 'resume', 'cancel'] as const;
export type RolloutAction = (typeof ROLLOUT_ACTIONS)[number];

export class ChangeRolloutStatusCommand {
  constructor(
    readonly rolloutId: string,
    readonly action: RolloutAction,
    /** For the audit log. */
    readonly actor: AuditActor,
  ) {}
}
