import type { AuthenticatedUser } from '@app/core';

export class GetKioskQrQuery {
  constructor(
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
    readonly kioskId: number,
    readonly format: 'png' | 'svg',
  ) {}
}
