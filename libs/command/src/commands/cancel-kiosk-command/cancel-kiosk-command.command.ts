import type { AuthenticatedUser } from '@app/contracts';

export class CancelKioskCommandCommand {
  constructor(
    readonly commandId: string,
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
  ) {}
}
