import type { AuthenticatedUser } from '@app/contracts';

export class ResolveAlertCommand {
  constructor(
    readonly alertId: string,
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
    readonly falsePositive?: boolean,
    readonly note?: string,
  ) {}
}
