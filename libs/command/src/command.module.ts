import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DomainModuleDescriptor } from '@app/core';
import { CreateBulkCommandHandler } from './commands/create-bulk-command/create-bulk-command.handler';
import { CommandsProcessor } from './processors/commands.processor';
import { GetBulkCommandHandler } from './queries/get-bulk-command/get-bulk-command.handler';
import { CancelKioskCommandHandler } from './commands/cancel-kiosk-command/cancel-kiosk-command.handler';
import { ClaimDeliverableCommandsHandler } from './commands/claim-deliverable-commands/claim-deliverable-commands.handler';
import { IssueKioskCommandHandler } from './commands/issue-kiosk-command/issue-kiosk-command.handler';
import { IssueKioskCommandsHandler } from './commands/issue-kiosk-commands/issue-kiosk-commands.handler';
import { CancelKioskCommandsHandler } from './commands/cancel-kiosk-commands/cancel-kiosk-commands.handler';
import { GetKioskCommandStatusesHandler } from './queries/get-kiosk-command-statuses/get-kiosk-command-statuses.handler';
import { RecordCommandAckHandler } from './commands/record-command-ack/record-command-ack.handler';
import { ReplaceKioskCommandsHandler } from './commands/replace-kiosk-commands/replace-kiosk-commands.handler';
import { COMMAND_ENTITIES } from './entities';
import { CommandBatchRepository } from './repositories/command-batch.repository';
import { KioskCommandRepository } from './repositories/kiosk-command.repository';
import { DeliverHeldCommandsWhenMaintenanceEndsHandler } from './events/deliver-held-commands-when-maintenance-ends.handler';
import { DeliverHeldCommandsWhenPaymentSessionEndsHandler } from './events/deliver-held-commands-when-payment-session-ends.handler';
import { GetCommandHandler } from './queries/get-command/get-command.handler';
import { GetKioskCommandStatusHandler } from './queries/get-kiosk-command-status/get-kiosk-command-status.handler';
import { ListKioskCommandsHandler } from './queries/list-kiosk-commands/list-kiosk-commands.handler';
import { CommandEvents } from './services/command-events';
import { BulkFanOutRecovery } from './services/bulk-fan-out-recovery';
import { CommandExpiry } from './services/command-expiry';
import { CommandMetrics } from './services/command-metrics';
import { LateRefundAcks } from './services/late-refund-acks';
import {
  ChannelDeliveryRequests,
  DeliveryRequests,
  EventDeliveryRequests,
} from './services/delivery-requests';
import { SessionHoldRelease } from './services/session-hold-release';

/**
 * The command log: issue, deliver (announced as CommandsBecameDeliverableEvent; whatever holds the
 * kiosk's socket claims and emits), acknowledge, expire, cancel.
 */
@Module({})
export class CommandModule {
  static forRoot(): DynamicModule {
    return {
      module: CommandModule,
      imports: [CqrsModule, TypeOrmModule.forFeature(COMMAND_ENTITIES)],
      providers: [
        CommandEvents,
        CommandMetrics,
        KioskCommandRepository,
        CommandBatchRepository,
        LateRefundAcks,
        { provide: DeliveryRequests, useClass: EventDeliveryRequests },
        CommandExpiry,
        IssueKioskCommandHandler,
        IssueKioskCommandsHandler,
        CancelKioskCommandHandler,
        CancelKioskCommandsHandler,
        GetKioskCommandStatusesHandler,
        RecordCommandAckHandler,
        ReplaceKioskCommandsHandler,
        ClaimDeliverableCommandsHandler,
        GetCommandHandler,
        GetKioskCommandStatusHandler,
        ListKioskCommandsHandler,
        DeliverHeldCommandsWhenMaintenanceEndsHandler,
        DeliverHeldCommandsWhenPaymentSessionEndsHandler,
        SessionHoldRelease,
        CreateBulkCommandHandler,
        GetBulkCommandHandler,
      ],
    };
  }
}

/** The worker side: the bulk fan-out and its recovery when a job was lost, and per-kiosk replacements. */
@Module({})
export class CommandWorkerModule {
  static forRoot(): DynamicModule {
    return {
      module: CommandWorkerModule,
      imports: [CqrsModule, TypeOrmModule.forFeature(COMMAND_ENTITIES)],
      providers: [
        CommandEvents,
        KioskCommandRepository,
        { provide: DeliveryRequests, useClass: ChannelDeliveryRequests },
        CommandsProcessor,
        BulkFanOutRecovery,
        // The kiosk module's worker side sends `configure` for settings changes over many kiosks.
        ReplaceKioskCommandsHandler,
      ],
    };
  }
}

export const COMMAND_MODULE: DomainModuleDescriptor = {
  name: 'command',
  forRoot: () => CommandModule.forRoot(),
  forWorker: () => CommandWorkerModule.forRoot(),
};
