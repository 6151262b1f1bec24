import type { Role } from '@app/core';
import type { AuditContext } from '../../services/audit-log.service';

export class CreateUserCommand {
  constructor(
    readonly username: string,
    readonly password: string,
    readonly role: Role,
    readonly actor: AuditContext,
  ) {}
}
