import type { AuthenticatedUser } from '@app/core';

export class GetAlertQuery {
  constructor(
    readonly alertId: string,
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
  ) {}
}
