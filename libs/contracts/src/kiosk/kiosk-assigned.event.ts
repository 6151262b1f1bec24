/** A kiosk was assigned to a user (or unassigned: `userId` null). */
export class KioskAssignedEvent {
  constructor(
    readonly kioskId: number,
    readonly userId: string | null,
    readonly previousUserId: string | null,
  ) {}
}
