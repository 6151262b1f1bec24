import type { AuthenticatedUser } from '@app/contracts';

/** Clears a kiosk's assignee: an admin's on any kiosk, or the assignee's own (CONTRACT §8). */
export class UnassignKioskCommand {
  constructor(
    readonly kioskId: number,
    readonly caller: Pick<AuthenticatedUser, 'id' | 'role' | 'kioskTags'>,
  ) {}
}
