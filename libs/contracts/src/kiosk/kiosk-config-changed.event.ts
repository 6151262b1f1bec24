import type { AuditActor } from '../auth/audit-actor';

/** An admin or operator replaced a kiosk's own settings (PUT /kiosks/{id}/config). */
export class KioskConfigChangedEvent {
  constructor(
    readonly kioskId: number,
    /** The kiosk's own settings as now set. */
    readonly settings: Record<string, unknown>,
    /** Its desired version afterwards (unchanged when the merge came out the same). */
    readonly desiredVersion: number,
    readonly actor: AuditActor,
  ) {}
}
