import type { AuthenticatedUser } from '@app/core';

export class GetCommandQuery {
  constructor(
    readonly commandId: string,
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
  ) {}
}
