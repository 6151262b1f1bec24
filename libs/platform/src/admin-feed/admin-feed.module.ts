import { DynamicModule, Module, Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AdminFeedAudience } from './admin-feed-audience';
import { AdminFeedPublisher } from './admin-feed.publisher';
import { PushAlertWhenAlertChangedHandler } from './push-alert-when-alert-changed.handler';
import { PushCommandUpdateWhenCommandUpdatedHandler } from './push-command-update-when-command-updated.handler';
import { PushKioskStatusWhenDecommissionedHandler } from './push-kiosk-status-when-decommissioned.handler';
import { PushPaymentWhenPaymentChangedHandler } from './push-payment-when-payment-changed.handler';
import { PushRolloutWhenRolloutUpdatedHandler } from './push-rollout-when-rollout-updated.handler';
import { PushKioskStatusWhenStatusChangedHandler } from './push-kiosk-status-when-status-changed.handler';
import { PushTelemetryWhenBatchRecordedHandler } from './push-telemetry-when-batch-recorded.handler';

/**
 * Turns domain events into admin-feed events in whichever process they happen. Each process mounts
 * it once, with its own publisher: the API its `/admin` namespace, the worker a Redis emitter
 * (`RedisEmitterAdminFeedPublisher`). Mounted twice in one process, every event would go out twice.
 */
@Module({})
export class AdminFeedModule {
  static forRoot(publisher: Type<AdminFeedPublisher>): DynamicModule {
    return {
      module: AdminFeedModule,
      imports: [CqrsModule],
      providers: [
        publisher,
        AdminFeedAudience,
        { provide: AdminFeedPublisher, useExisting: publisher },
        PushKioskStatusWhenStatusChangedHandler,
        PushKioskStatusWhenDecommissionedHandler,
        PushTelemetryWhenBatchRecordedHandler,
        PushCommandUpdateWhenCommandUpdatedHandler,
        PushAlertWhenAlertChangedHandler,
        PushPaymentWhenPaymentChangedHandler,
        PushRolloutWhenRolloutUpdatedHandler,
      ],
      exports: [publisher, AdminFeedPublisher, AdminFeedAudience],
    };
  }
}
