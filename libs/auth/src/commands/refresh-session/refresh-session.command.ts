import type { AuditContext } from '../../services/audit-log.service';

export class RefreshSessionCommand {
  constructor(
    readonly refreshToken: string,
    readonly client: AuditContext,
  ) {}
}
