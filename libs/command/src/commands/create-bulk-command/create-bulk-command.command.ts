import type { AuthenticatedUser, KioskCommandName } from '@app/contracts';

export class CreateBulkCommandCommand {
  constructor(
    readonly command: KioskCommandName,
    readonly params: Record<string, unknown>,
    readonly ttlSeconds: number,
    readonly target: { kioskIds?: number[]; tag?: string },
    readonly issuer: Pick<AuthenticatedUser, 'id' | 'role'>,
  ) {}
}
