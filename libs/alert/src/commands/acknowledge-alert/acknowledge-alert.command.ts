import type { AuthenticatedUser } from '@app/contracts';

export class AcknowledgeAlertCommand {
  constructor(
    readonly alertId: string,
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
    readonly note?: string,
  ) {}
}
