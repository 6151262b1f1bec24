import { Logger } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { KioskRegisteredEvent, KioskUpdatedEvent } from '@app/contracts';
import { KioskConfigRepository } from '../config/kiosk-config.repository';
import { KIOSKS_BY_ID } from '../config/kiosk-config-sql';
import { KioskConfigs } from '../config/kiosk-configs';

/**
 * A kiosk registered or retagged inherits other tags' settings: its desired settings are merged
 * again, and a change gets a new version and a `configure`. Kiosks that neither carry a configured
 * tag nor have settings of their own (most registrations) cost one read and no lock.
 */
@EventsHandler(KioskRegisteredEvent, KioskUpdatedEvent)
export class RecomputeConfigWhenKioskChangedHandler implements IEventHandler<
  KioskRegisteredEvent | KioskUpdatedEvent
> {
  private readonly logger = new Logger(RecomputeConfigWhenKioskChangedHandler.name);

  constructor(
    private readonly repository: KioskConfigRepository,
    private readonly configs: KioskConfigs,
  ) {}

  async handle({ kioskId }: KioskRegisteredEvent | KioskUpdatedEvent): Promise<void> {
    try {
      if (!(await this.repository.hasAnySettings(kioskId))) return;
      const changed = await this.configs.write((manager) =>
        this.configs.recompute(manager, KIOSKS_BY_ID, [kioskId]),
      );
      await this.configs.issue(
        changed.map((c) => c.kioskId),
        null,
      );
    } catch (e) {
      this.logger.error(`could not merge the settings of kiosk ${kioskId} again: ${String(e)}`);
    }
  }
}
