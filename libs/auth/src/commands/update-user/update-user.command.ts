import type { Role } from '@app/contracts';
import type { AuditContext } from '../../services/audit-log.service';

export class UpdateUserCommand {
  constructor(
    readonly userId: string,
    readonly changes: { role?: Role; password?: string; disabled?: boolean },
    readonly actor: AuditContext,
  ) {}
}
