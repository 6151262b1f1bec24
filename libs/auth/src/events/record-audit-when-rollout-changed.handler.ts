import { Logger } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import {
  RolloutCancelledEvent,
  RolloutCreatedEvent,
  RolloutPausedEvent,
  RolloutResumedEvent,
  RolloutStartedEvent,
} from '@app/contracts';
import { AuditAction, AuditLogService } from '../services/audit-log.service';

type RolloutAdminEvent =
  | RolloutCreatedEvent
  | RolloutStartedEvent
  | RolloutPausedEvent
  | RolloutResumedEvent
  | RolloutCancelledEvent;

/** What an admin did to a rollout (CONTRACT §8) in the audit log; the engine's own steps are not. */
@EventsHandler(
  RolloutCreatedEvent,
  RolloutStartedEvent,
  RolloutPausedEvent,
  RolloutResumedEvent,
  RolloutCancelledEvent,
)
export class RecordAuditWhenRolloutChangedHandler implements IEventHandler<RolloutAdminEvent> {
  private readonly logger = new Logger(RecordAuditWhenRolloutChangedHandler.name);

  constructor(private readonly audit: AuditLogService) {}

  async handle(e: RolloutAdminEvent): Promise<void> {
    try {
      await this.audit.record(e.actor, {
        action: actionOf(e),
        targetType: 'rollout',
        targetId: e.rolloutId,
        details:
          e instanceof RolloutCreatedEvent ? { name: e.name, version: e.version, kiosks: e.kiosks } : {},
      });
    } catch (err) {
      // The change itself is committed; a lost entry is logged rather than thrown into the event bus.
      this.logger.error(`audit entry for rollout ${e.rolloutId} not recorded: ${String(err)}`);
    }
  }
}

function actionOf(e: RolloutAdminEvent): AuditAction {
  if (e instanceof RolloutCreatedEvent) return 'rollout.created';
  if (e instanceof RolloutStartedEvent) return 'rollout.started';
  if (e instanceof RolloutPausedEvent) return 'rollout.paused';
  if (e instanceof RolloutResumedEvent) return 'rollout.resumed';
  return 'rollout.cancelled';
}
