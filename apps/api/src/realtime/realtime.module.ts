import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DisconnectKioskWhenRetiredHandler } from './kiosk/disconnect-kiosk-when-retired.handler';
import { KioskWireMetrics } from './kiosk/kiosk-wire-metrics';
import { KioskCommandDelivery } from './kiosk/kiosk-command-delivery';
import { KioskGateway } from './kiosk/kiosk.gateway';

/** The only owner of Socket.IO: the kiosk gateway (and, later, the admin feed). */
@Module({
  imports: [CqrsModule],
  providers: [KioskGateway, KioskWireMetrics, KioskCommandDelivery, DisconnectKioskWhenRetiredHandler],
})
export class RealtimeModule {}
