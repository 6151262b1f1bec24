import { Logger } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { KioskCommandSucceededEvent } from '@app/contracts';
import { KioskConfigRepository } from '../config/kiosk-config.repository';

/**
 * A kiosk acked `success` for a `configure`: it runs the version that command carried. Matched by
 * command id (recorded when it was issued); GREATEST keeps the applied version from going back. A
 * superseded command was cancelled, so its late ack never gets here.
 */
@EventsHandler(KioskCommandSucceededEvent)
export class RecordAppliedConfigWhenConfigureSucceededHandler implements IEventHandler<KioskCommandSucceededEvent> {
  private readonly logger = new Logger(RecordAppliedConfigWhenConfigureSucceededHandler.name);

  constructor(private readonly repository: KioskConfigRepository) {}

  async handle({ command }: KioskCommandSucceededEvent): Promise<void> {
    if (command.command !== 'configure') return;
    try {
      await this.repository.recordApplied(command.kioskId, command.id);
    } catch (e) {
      this.logger.error(`could not record configure ${command.id} of kiosk ${command.kioskId}: ${String(e)}`);
    }
  }
}
