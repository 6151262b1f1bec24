import type { AuthenticatedUser } from '@app/contracts';

/** Ends (removes) a window; alerts it muted that are still open are announced by the sweeper. */
export class DeleteMaintenanceWindowCommand {
  constructor(
    readonly windowId: string,
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
  ) {}
}
