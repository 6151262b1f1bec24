import type { AuthenticatedUser } from '@app/contracts';

/** A kiosk's remote configuration, if the user may see the kiosk (404 otherwise). */
export class GetKioskConfigQuery {
  constructor(
    readonly user: Pick<AuthenticatedUser, 'id' | 'role' | 'kioskTags'>,
    readonly kioskId: number,
  ) {}
}
