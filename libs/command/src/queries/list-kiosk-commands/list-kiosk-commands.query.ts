import type { AuthenticatedUser } from '@app/contracts';

/** A kiosk's commands, newest first. */
export class ListKioskCommandsQuery {
  constructor(
    readonly kioskId: number,
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
