import type { AuditActor, AuthenticatedUser } from '@app/contracts';

/** Sets a kiosk's own settings (they override its tags'); answers the kiosk's config view. */
export class SetKioskConfigCommand {
  constructor(
    readonly kioskId: number,
    readonly settings: unknown,
    readonly user: Pick<AuthenticatedUser, 'id' | 'role' | 'kioskTags'>,
    /** For the audit log. */
    readonly actor: AuditActor,
  ) {}
}
