import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { TagConfigChangedEvent } from '@app/contracts';
import { ConfigureFanOut } from '../../config/configure-fan-out';
import { KioskConfigRepository } from '../../config/kiosk-config.repository';
import { KIOSKS_WITH_TAG } from '../../config/kiosk-config-sql';
import { KioskConfigs } from '../../config/kiosk-configs';
import { assertSettings } from '../../config/settings-input';
import { TagConfigDto } from '../../dto/kiosk-config.dto';
import { SetTagConfigCommand } from './set-tag-config.command';

/**
 * A tag's settings replace the ones it had; every kiosk carrying the tag whose merged settings
 * changed gets a new version (set-based: a few statements for 10,000 kiosks, in one transaction)
 * and, from the worker, a `configure`: commanding 10,000 kiosks takes seconds the request need not
 * wait for. All or nothing: when one kiosk's merge would be too large, nothing changes (422).
 */
@CommandHandler(SetTagConfigCommand)
export class SetTagConfigHandler implements ICommandHandler<SetTagConfigCommand, TagConfigDto> {
  constructor(
    private readonly repository: KioskConfigRepository,
    private readonly configs: KioskConfigs,
    private readonly fanOut: ConfigureFanOut,
    private readonly events: EventBus,
  ) {}

  async execute({ tag, settings, userId, actor }: SetTagConfigCommand): Promise<TagConfigDto> {
    const value = assertSettings(settings);
    const { row, changed } = await this.configs.write(async (manager) => {
      const saved = await this.repository.saveTagSettings(tag, value, userId, manager);
      return { row: saved, changed: await this.configs.recompute(manager, KIOSKS_WITH_TAG, tag) };
    });
    this.events.publish(new TagConfigChangedEvent(tag, row.settings, changed.length, actor));
    await this.fanOut.enqueue(changed, userId);
    return {
      tag,
      settings: row.settings,
      updatedAt: row.updated_at.toISOString(),
      kiosksChanged: changed.length,
    };
  }
}
