/**
 * Every session of a user ended: disabled, deleted, or password changed. Published by the auth
 * module after the change is committed (see UserSessionEndedEvent).
 */
export class UserSessionsEndedEvent {
  constructor(readonly userId: string) {}
}
