import type { AuthenticatedUser } from '@app/core';

export class CancelKioskCommandCommand {
  constructor(
    readonly commandId: string,
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
  ) {}
}
