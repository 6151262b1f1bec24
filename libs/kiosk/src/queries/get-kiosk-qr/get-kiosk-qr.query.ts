import type { AuthenticatedUser } from '@app/core';

export class GetKioskQrQuery {
  constructor(
    readonly user: Pick<AuthenticatedUser, 'id' | 'role' | 'kioskTags'>,
    readonly kioskId: number,
    readonly format: 'png' | 'svg',
  ) {}
}
