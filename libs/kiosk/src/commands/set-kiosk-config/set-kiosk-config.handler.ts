import { CommandHandler, EventBus, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { unprocessable } from '@app/core';
import { KioskConfigChangedEvent } from '@app/contracts';
import { KioskConfigRepository } from '../../config/kiosk-config.repository';
import { KIOSKS_BY_ID } from '../../config/kiosk-config-sql';
import { KioskConfigs } from '../../config/kiosk-configs';
import { assertSettings } from '../../config/settings-input';
import { KioskConfigDto } from '../../dto/kiosk-config.dto';
import { GetKioskConfigQuery } from '../../queries/get-kiosk-config/get-kiosk-config.query';
import { KioskRepository } from '../../registry/kiosk.repository';
import { assertVisible } from '../../services/kiosk-access';
import { SetKioskConfigCommand } from './set-kiosk-config.command';

/**
 * The kiosk's own settings replace the ones it had; its merged settings get a new version when they
 * changed, and `configure` goes out at once (or waits for its join, through the command log).
 */
@CommandHandler(SetKioskConfigCommand)
export class SetKioskConfigHandler implements ICommandHandler<SetKioskConfigCommand, KioskConfigDto> {
  constructor(
    private readonly kiosks: KioskRepository,
    private readonly repository: KioskConfigRepository,
    private readonly configs: KioskConfigs,
    private readonly queries: QueryBus,
    private readonly events: EventBus,
  ) {}

  async execute({ kioskId, settings, user, actor }: SetKioskConfigCommand): Promise<KioskConfigDto> {
    const own = assertSettings(settings);
    const kiosk = assertVisible(await this.kiosks.find(kioskId), user);
    if (kiosk.decommissionedAt) throw unprocessable('A decommissioned kiosk takes no configuration');
    const changed = await this.configs.write(async (manager) => {
      await this.repository.saveOwnSettings(kioskId, own, manager);
      return this.configs.recompute(manager, KIOSKS_BY_ID, [kioskId]);
    });
    await this.configs.issue(
      changed.map((c) => c.kioskId),
      user.id,
    );
    const view = await this.queries.execute<GetKioskConfigQuery, KioskConfigDto>(
      new GetKioskConfigQuery(user, kioskId),
    );
    this.events.publish(new KioskConfigChangedEvent(kioskId, own, view.desiredVersion, actor));
    return view;
  }
}
