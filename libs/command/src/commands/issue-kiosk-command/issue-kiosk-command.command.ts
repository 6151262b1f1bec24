import type { AuthenticatedUser, KioskCommandName } from '@app/core';

export class IssueKioskCommandCommand {
  constructor(
    readonly kioskId: number,
    readonly command: KioskCommandName,
    readonly params: Record<string, unknown>,
    readonly ttlSeconds: number,
    readonly issuer: Pick<AuthenticatedUser, 'id' | 'role'>,
    readonly idempotencyKey?: string,
  ) {}
}
