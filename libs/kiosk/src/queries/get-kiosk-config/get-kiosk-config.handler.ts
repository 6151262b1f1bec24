import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { AppConfig, InjectAppConfig } from '@app/core';
import { CommandStatus, GetKioskCommandStatusQuery } from '@app/contracts';
import { KioskConfigRepository } from '../../config/kiosk-config.repository';
import { KioskConfigDto } from '../../dto/kiosk-config.dto';
import { KioskRepository } from '../../registry/kiosk.repository';
import { assertVisible } from '../../services/kiosk-access';
import { GetKioskConfigQuery } from './get-kiosk-config.query';

@QueryHandler(GetKioskConfigQuery)
export class GetKioskConfigHandler implements IQueryHandler<GetKioskConfigQuery, KioskConfigDto> {
  constructor(
    private readonly repository: KioskConfigRepository,
    private readonly kiosks: KioskRepository,
    private readonly queries: QueryBus,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async execute({ user, kioskId }: GetKioskConfigQuery): Promise<KioskConfigDto> {
    assertVisible(await this.kiosks.find(kioskId), user);
    const row = await this.repository.findKioskConfig(kioskId);
    const desiredVersion = Number(row?.desired_version ?? 0);
    const appliedVersion = Number(row?.applied_version ?? 0);
    let pending: KioskConfigDto['pending'] = null;
    if (row?.pending_command_id && appliedVersion < desiredVersion) {
      const status = await this.commandStatus(row.pending_command_id);
      if (status)
        pending = { commandId: row.pending_command_id, version: Number(row.pending_version), status };
    }
    return {
      kioskId,
      desiredVersion,
      appliedVersion,
      settings: row?.desired ?? {},
      ownSettings: row?.settings ?? {},
      pending,
    };
  }

  private async commandStatus(commandId: string): Promise<CommandStatus | null> {
    if (!this.config.enabledModules.has('command')) return null;
    return this.queries.execute<GetKioskCommandStatusQuery, CommandStatus | null>(
      new GetKioskCommandStatusQuery(commandId),
    );
  }
}
