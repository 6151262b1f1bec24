import type { AuthenticatedUser } from '@app/contracts';

/** One kiosk with its state, if the user may see it (404 otherwise). */
export class GetKioskQuery {
  constructor(
    readonly user: Pick<AuthenticatedUser, 'id' | 'role' | 'kioskTags'>,
    readonly kioskId: number,
  ) {}
}
