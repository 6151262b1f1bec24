import type { AuditActor } from '@app/contracts';

/** Sets the settings every kiosk carrying `tag` inherits (admins; checked by the route). */
export class SetTagConfigCommand {
  constructor(
    readonly tag: string,
    readonly settings: unknown,
    /** The admin making the change: `updated_by`, and `created_by` of the configure commands. */
    readonly userId: string,
    /** For the audit log. */
    readonly actor: AuditActor,
  ) {}
}
