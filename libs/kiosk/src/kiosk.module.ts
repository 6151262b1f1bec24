import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DomainModuleDescriptor } from '@app/core';
import { AssignKioskHandler } from './commands/assign-kiosk/assign-kiosk.handler';
import { DecommissionKioskHandler } from './commands/decommission-kiosk/decommission-kiosk.handler';
import { RecordKioskInventoryHandler } from './commands/record-kiosk-inventory/record-kiosk-inventory.handler';
import { UnassignKioskHandler } from './commands/unassign-kiosk/unassign-kiosk.handler';
import { GetFleetSummaryHandler } from './queries/get-fleet-summary/get-fleet-summary.handler';
import { ListKioskMapPointsHandler } from './queries/list-kiosk-map-points/list-kiosk-map-points.handler';
import { GetFirmwareSummaryHandler } from './queries/get-firmware-summary/get-firmware-summary.handler';
import { ListFirmwareHistoryHandler } from './queries/list-firmware-history/list-firmware-history.handler';
import { KioskInventoryMetrics } from './services/kiosk-inventory-metrics';
import { RecordKioskConnectionHandler } from './commands/record-kiosk-connection/record-kiosk-connection.handler';
import { RegisterKioskHandler } from './commands/register-kiosk/register-kiosk.handler';
import { RotateKioskSecretHandler } from './commands/rotate-kiosk-secret/rotate-kiosk-secret.handler';
import { UpdateKioskHandler } from './commands/update-kiosk/update-kiosk.handler';
import { KIOSK_ENTITIES } from './entities';
import { KioskConfigs } from './config/kiosk-configs';
import { KioskConfigRepository } from './config/kiosk-config.repository';
import { ConfigureFanOut } from './config/configure-fan-out';
import { KioskWorkerModule } from './kiosk-worker.module';
import { SendKioskConfigOnJoinHandler } from './commands/send-kiosk-config-on-join/send-kiosk-config-on-join.handler';
import { SetKioskConfigHandler } from './commands/set-kiosk-config/set-kiosk-config.handler';
import { SetTagConfigHandler } from './commands/set-tag-config/set-tag-config.handler';
import { GetKioskConfigHandler } from './queries/get-kiosk-config/get-kiosk-config.handler';
import { GetTagConfigHandler } from './queries/get-tag-config/get-tag-config.handler';
import { RecordAppliedConfigWhenConfigureSucceededHandler } from './events/record-applied-config-when-configure-succeeded.handler';
import { RecomputeConfigWhenKioskChangedHandler } from './events/recompute-config-when-kiosk-changed.handler';
import { ApplyCommandedStatusWhenCommandSucceededHandler } from './events/apply-commanded-status-when-command-succeeded.handler';
import { ResolveRolloutTargetsHandler } from './queries/resolve-rollout-targets/resolve-rollout-targets.handler';
import { ResolveKioskTargetsHandler } from './queries/resolve-kiosk-targets/resolve-kiosk-targets.handler';
import { GetKioskDeliveryStatesHandler } from './queries/get-kiosk-delivery-states/get-kiosk-delivery-states.handler';
import { UpdateKioskStateWhenTelemetryRecordedHandler } from './events/update-kiosk-state-when-telemetry-recorded.handler';
import { ConnectionRegistry } from './liveness/connection-registry';
import { KioskInventoryRepository } from './services/kiosk-inventory.repository';
import { KioskRepository } from './registry/kiosk.repository';
import { KioskStateRepository } from './liveness/kiosk-state.repository';
import { KioskCredentialsReader } from './services/kiosk-credentials';
import { KioskStatusChanges } from './liveness/kiosk-status-changes';
import { LivenessSweeper } from './liveness/liveness-sweeper';
import { AuthenticateKioskHandler } from './queries/authenticate-kiosk/authenticate-kiosk.handler';
import { CanUserSeeKioskHandler } from './queries/can-user-see-kiosk/can-user-see-kiosk.handler';
import { GetKioskQrHandler } from './queries/get-kiosk-qr/get-kiosk-qr.handler';
import { GetKioskHandler } from './queries/get-kiosk/get-kiosk.handler';
import { ListKiosksHandler } from './queries/list-kiosks/list-kiosks.handler';
import { ListVisibleKioskIdsHandler } from './queries/list-visible-kiosk-ids/list-visible-kiosk-ids.handler';

/** The kiosk registry and three-signal liveness (connected, reporting, peripherals). */
@Module({})
export class KioskModule {
  static forRoot(): DynamicModule {
    return {
      module: KioskModule,
      imports: [CqrsModule, TypeOrmModule.forFeature(KIOSK_ENTITIES)],
      providers: [
        RegisterKioskHandler,
        UpdateKioskHandler,
        DecommissionKioskHandler,
        RotateKioskSecretHandler,
        AssignKioskHandler,
        RecordKioskConnectionHandler,
        RecordKioskInventoryHandler,
        UnassignKioskHandler,
        ListKiosksHandler,
        GetFirmwareSummaryHandler,
        GetFleetSummaryHandler,
        ListKioskMapPointsHandler,
        ListFirmwareHistoryHandler,
        KioskInventoryMetrics,
        GetKioskHandler,
        GetKioskQrHandler,
        AuthenticateKioskHandler,
        CanUserSeeKioskHandler,
        ListVisibleKioskIdsHandler,
        UpdateKioskStateWhenTelemetryRecordedHandler,
        ApplyCommandedStatusWhenCommandSucceededHandler,
        GetKioskDeliveryStatesHandler,
        ResolveKioskTargetsHandler,
        ResolveRolloutTargetsHandler,
        ConnectionRegistry,
        KioskInventoryRepository,
        KioskRepository,
        KioskStateRepository,
        KioskCredentialsReader,
        KioskStatusChanges,
        LivenessSweeper,
        // Remote configuration (CONTRACT §8).
        KioskConfigRepository,
        KioskConfigs,
        ConfigureFanOut,
        SetKioskConfigHandler,
        SetTagConfigHandler,
        SendKioskConfigOnJoinHandler,
        GetKioskConfigHandler,
        GetTagConfigHandler,
        RecordAppliedConfigWhenConfigureSucceededHandler,
        RecomputeConfigWhenKioskChangedHandler,
      ],
    };
  }
}

export const KIOSK_MODULE: DomainModuleDescriptor = {
  name: 'kiosk',
  forRoot: () => KioskModule.forRoot(),
  forWorker: () => KioskWorkerModule.forRoot(),
};
