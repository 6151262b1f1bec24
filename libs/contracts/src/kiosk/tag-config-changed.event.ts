import type { AuditActor } from '../auth/audit-actor';

/** An admin replaced the settings of a tag (PUT /kiosk-configs/tags/{tag}). */
export class TagConfigChangedEvent {
  constructor(
    readonly tag: string,
    /** The tag's settings as now set. */
    readonly settings: Record<string, unknown>,
    /** Kiosks whose merged settings changed (each got a new version). */
    readonly kiosksChanged: number,
    readonly actor: AuditActor,
  ) {}
}
