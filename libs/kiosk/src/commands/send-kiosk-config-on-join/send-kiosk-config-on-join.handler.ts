import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { AppConfig, Batcher, InjectAppConfig } from '@app/core';
import { CommandStatus, FINAL_COMMAND_STATUSES, GetKioskCommandStatusQuery } from '@app/contracts';
import { BehindKiosk, KioskConfigRepository } from '../../config/kiosk-config.repository';
import { KioskConfigs } from '../../config/kiosk-configs';
import { SendKioskConfigOnJoinCommand } from './send-kiosk-config-on-join.command';

@CommandHandler(SendKioskConfigOnJoinCommand)
export class SendKioskConfigOnJoinHandler implements ICommandHandler<SendKioskConfigOnJoinCommand, boolean> {
  constructor(
    private readonly repository: KioskConfigRepository,
    private readonly queries: QueryBus,
    private readonly configs: KioskConfigs,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  /** The joins of one tick ask in one statement: after a blip thousands of kiosks rejoin at once. */
  private readonly behind = new Batcher<number, BehindKiosk | undefined>(async (kioskIds) => {
    const rows = await this.repository.findBehindWithPending(kioskIds);
    const byKiosk = new Map(rows.map((r) => [r.kiosk_id, r]));
    return kioskIds.map((id) => byKiosk.get(id));
  });

  async execute({ kioskId }: SendKioskConfigOnJoinCommand): Promise<boolean> {
    if (!this.config.enabledModules.has('command')) return false;
    // Most joins stop here: the partial index holds only kiosks behind their settings.
    const behind = await this.behind.submit(kioskId);
    if (!behind) return false;
    if (behind.pending_command_id && behind.pending_version === behind.desired_version) {
      const status = await this.queries.execute<GetKioskCommandStatusQuery, CommandStatus | null>(
        new GetKioskCommandStatusQuery(behind.pending_command_id),
      );
      if (status && !FINAL_COMMAND_STATUSES.includes(status)) return false;
    }
    return (await this.configs.issue([kioskId], null)) > 0;
  }
}
