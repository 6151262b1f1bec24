import type { AuthenticatedUser } from '@app/contracts';
import type { WindowScopeKind } from '../../dto/maintenance-window.dto';

export class CreateMaintenanceWindowCommand {
  constructor(
    readonly scope: { kind: WindowScopeKind; value: string | number },
    readonly startsAt: Date,
    readonly endsAt: Date,
    readonly reason: string,
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
  ) {}
}
