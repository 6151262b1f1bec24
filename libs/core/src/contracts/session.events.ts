/**
 * Published by the auth module after the change is committed, for whatever holds long-lived
 * connections authorised by access tokens (the admin feed): HTTP re-checks the session on every
 * request, a socket only at its handshake.
 */

/** One session ended: logout, or revocation after a refresh token was used twice. */
export class UserSessionEndedEvent {
  constructor(readonly sessionId: string) {}
}

/** Every session of a user ended: disabled, deleted, or password changed. */
export class UserSessionsEndedEvent {
  constructor(readonly userId: string) {}
}

/** A user's role changed; their sessions live on, but what they may see changed with it. */
export class UserRoleChangedEvent {
  constructor(readonly userId: string) {}
}
