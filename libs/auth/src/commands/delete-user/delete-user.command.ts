import type { AuditContext } from '../../services/audit-log.service';

export class DeleteUserCommand {
  constructor(
    readonly userId: string,
    readonly actor: AuditContext,
  ) {}
}
