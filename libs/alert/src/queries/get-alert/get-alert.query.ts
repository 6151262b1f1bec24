import type { AuthenticatedUser } from '@app/contracts';

export class GetAlertQuery {
  constructor(
    readonly alertId: string,
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
  ) {}
}
