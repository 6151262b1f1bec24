import type { AuthenticatedUser } from '@app/contracts';

export class GetBulkCommandQuery {
  constructor(
    readonly batchId: string,
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
  ) {}
}
