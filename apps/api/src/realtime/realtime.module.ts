import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule } from '@app/auth';
import { AdminFeedModule } from '@app/platform';
import { AdminFeedGateway } from './admin/admin-feed.gateway';
import { AdminFeedMetrics } from './admin/admin-feed-metrics';
import { DisconnectFeedWhenAccessChangesHandler } from './admin/disconnect-feed-when-access-changes.handler';
import { FeedSocketsPerUser } from './admin/feed-sockets-per-user';
import { MoveFeedRoomsWhenKioskAssignedHandler } from './admin/move-feed-rooms-when-kiosk-assigned.handler';
import { NamespaceAdminFeedPublisher } from './admin/namespace-admin-feed.publisher';
import { SlowFeedConsumers } from './admin/slow-feed-consumers';
import { DeliverCommandsWhenDeliverableHandler } from './kiosk/deliver-commands-when-deliverable.handler';
import { DisconnectKioskWhenRetiredHandler } from './kiosk/disconnect-kiosk-when-retired.handler';
import { KioskWireMetrics } from './kiosk/kiosk-wire-metrics';
import { KioskCommandDelivery } from './kiosk/kiosk-command-delivery';
import { KioskHandshakeLimiter } from './kiosk/kiosk-handshake-limiter';
import { KioskGateway } from './kiosk/kiosk.gateway';
import { SocketIoAdapterCheck } from './socket-io-adapter-check';

/** The only owner of Socket.IO: the kiosk gateway and the admin live feed. */
@Module({
  imports: [CqrsModule, AuthModule, AdminFeedModule.forRoot(NamespaceAdminFeedPublisher)],
  providers: [
    KioskGateway,
    KioskWireMetrics,
    KioskCommandDelivery,
    DeliverCommandsWhenDeliverableHandler,
    KioskHandshakeLimiter,
    DisconnectKioskWhenRetiredHandler,
    AdminFeedGateway,
    AdminFeedMetrics,
    FeedSocketsPerUser,
    SlowFeedConsumers,
    MoveFeedRoomsWhenKioskAssignedHandler,
    DisconnectFeedWhenAccessChangesHandler,
    SocketIoAdapterCheck,
  ],
})
export class RealtimeModule {}
