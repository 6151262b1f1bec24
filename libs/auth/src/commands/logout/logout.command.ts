import type { AuthenticatedUser } from '@app/contracts';
import type { AuditContext } from '../../services/audit-log.service';

export class LogoutCommand {
  constructor(
    readonly user: AuthenticatedUser,
    readonly refreshToken: string,
    readonly client: AuditContext,
  ) {}
}
