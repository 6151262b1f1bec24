import type { AuditActor, AuthenticatedUser } from '@app/contracts';
import type { CreateRolloutDto } from '../../dto/create-rollout.dto';

/** Creates a rollout in `draft`, its kiosks resolved and ordered into waves now. */
export class CreateRolloutCommand {
  constructor(
    readonly body: CreateRolloutDto,
    readonly user: Pick<AuthenticatedUser, 'id'>,
    /** For the audit log. */
    readonly actor: AuditActor,
  ) {}
}
