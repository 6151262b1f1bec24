import type { AuthenticatedUser } from '@app/contracts';

export class GetKioskQrQuery {
  constructor(
    readonly user: Pick<AuthenticatedUser, 'id' | 'role' | 'kioskTags'>,
    readonly kioskId: number,
    readonly format: 'png' | 'svg',
  ) {}
}
