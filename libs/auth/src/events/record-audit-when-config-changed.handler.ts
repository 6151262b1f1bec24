import { Logger } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { KioskConfigChangedEvent, TagConfigChangedEvent } from '@app/contracts';
import { AuditLogService } from '../services/audit-log.service';

/** Remote configuration changes (CONTRACT §8) in the audit log, with who made them and from where. */
@EventsHandler(KioskConfigChangedEvent, TagConfigChangedEvent)
export class RecordAuditWhenConfigChangedHandler implements IEventHandler<
  KioskConfigChangedEvent | TagConfigChangedEvent
> {
  private readonly logger = new Logger(RecordAuditWhenConfigChangedHandler.name);

  constructor(private readonly audit: AuditLogService) {}

  async handle(e: KioskConfigChangedEvent | TagConfigChangedEvent): Promise<void> {
    try {
      if (e instanceof KioskConfigChangedEvent) {
        await this.audit.record(e.actor, {
          action: 'kiosk.config_changed',
          targetType: 'kiosk',
          targetId: String(e.kioskId),
          details: { settings: e.settings, desiredVersion: e.desiredVersion },
        });
      } else {
        await this.audit.record(e.actor, {
          action: 'kiosk_tag.config_changed',
          targetType: 'kiosk_tag',
          targetId: e.tag,
          details: { settings: e.settings, kiosksChanged: e.kiosksChanged },
        });
      }
    } catch (err) {
      // The change itself is committed; a lost entry is logged rather than thrown into the event bus.
      this.logger.error(`audit entry for a config change not recorded: ${String(err)}`);
    }
  }
}
