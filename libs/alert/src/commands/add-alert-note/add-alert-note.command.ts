import type { AuthenticatedUser } from '@app/contracts';

export class AddAlertNoteCommand {
  constructor(
    readonly alertId: string,
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
    readonly body: string,
  ) {}
}
