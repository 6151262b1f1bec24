import type { Role } from '@app/contracts';
import type { AuditContext } from '../../services/audit-log.service';

export class CreateUserCommand {
  constructor(
    readonly username: string,
    readonly password: string,
    readonly role: Role,
    readonly actor: AuditContext,
  ) {}
}
