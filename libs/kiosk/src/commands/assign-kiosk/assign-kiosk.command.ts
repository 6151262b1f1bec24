import type { AuthenticatedUser } from '@app/contracts';

export class AssignKioskCommand {
  constructor(
    readonly code: string,
    readonly caller: Pick<AuthenticatedUser, 'id' | 'role'>,
    /** Admins only: the user to assign to (default: the caller). */
    readonly userId?: string,
  ) {}
}
