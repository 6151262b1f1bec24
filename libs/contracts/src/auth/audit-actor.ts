/**
 * Who made a change and from where, as the request showed it (apps/api's `@Actor()`): domain
 * events of admin changes carry it, so the audit log records them without the domain module
 * depending on the auth module.
 */
export interface AuditActor {
  actorId?: string | null;
  actorUsername?: string | null;
  ip?: string | null;
  requestId?: string | null;
}
