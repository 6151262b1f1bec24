import type { AuditContext } from '../../services/audit-log.service';

export class LoginCommand {
  constructor(
    readonly username: string,
    readonly password: string,
    readonly client: AuditContext & { userAgent?: string | null },
  ) {}
}
