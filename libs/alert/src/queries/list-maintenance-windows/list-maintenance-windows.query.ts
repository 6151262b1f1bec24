import type { AuthenticatedUser } from '@app/contracts';

/** Newest first; non-admins see the windows of their kiosks and of the tags their kiosks carry. */
export class ListMaintenanceWindowsQuery {
  constructor(
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
    readonly activeOnly: boolean,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
