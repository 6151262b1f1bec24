import type { AuthenticatedUser } from '@app/core';

export class GetBulkCommandQuery {
  constructor(
    readonly batchId: string,
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
  ) {}
}
