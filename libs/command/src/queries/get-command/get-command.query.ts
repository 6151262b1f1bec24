import type { AuthenticatedUser } from '@app/contracts';

export class GetCommandQuery {
  constructor(
    readonly commandId: string,
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
  ) {}
}
