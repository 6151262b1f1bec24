/**
 * One session ended: logout, or revocation after a refresh token was used twice. Published by the
 * auth module after the change is committed, for whatever holds long-lived connections authorised
 * by access tokens (the admin feed): HTTP re-checks the session on every request, a socket only at
 * its handshake.
 */
export class UserSessionEndedEvent {
  constructor(readonly sessionId: string) {}
}
