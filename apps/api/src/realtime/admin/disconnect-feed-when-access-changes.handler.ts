import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { UserRoleChangedEvent, UserSessionEndedEvent, UserSessionsEndedEvent } from '@app/contracts';
import { AdminFeedGateway } from './admin-feed.gateway';

type AccessChange = UserSessionEndedEvent | UserSessionsEndedEvent | UserRoleChangedEvent;

/**
 * A feed socket was authorised once, at its handshake. When its session ends, or its user is
 * disabled, deleted, re-passworded or changes role, it is closed on whichever instance holds it;
 * after a role change the client may connect again and gets the rooms of its new role.
 */
@EventsHandler(UserSessionEndedEvent, UserSessionsEndedEvent, UserRoleChangedEvent)
export class DisconnectFeedWhenAccessChangesHandler implements IEventHandler<AccessChange> {
  constructor(private readonly gateway: AdminFeedGateway) {}

  handle(event: AccessChange): void {
    if (event instanceof UserSessionEndedEvent) this.gateway.disconnectSession(event.sessionId);
    else this.gateway.disconnectUser(event.userId);
  }
}
