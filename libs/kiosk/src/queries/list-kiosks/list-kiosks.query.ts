import type { AuthenticatedUser, KioskStatus } from '@app/contracts';

export class ListKiosksQuery {
  constructor(
    readonly user: Pick<AuthenticatedUser, 'id' | 'role' | 'kioskTags'>,
    readonly filter: {
      status?: KioskStatus;
      tag?: string;
      q?: string;
      firmwareVersion?: string;
      firmwareBelow?: string;
      configDrift?: boolean;
    },
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
