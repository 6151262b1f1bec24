import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GetKioskDeliveryStateQuery, KioskDeliveryState } from '@app/core';
import { KioskStateEntity } from '../../entities/kiosk-state.entity';

@QueryHandler(GetKioskDeliveryStateQuery)
export class GetKioskDeliveryStateHandler implements IQueryHandler<
  GetKioskDeliveryStateQuery,
  KioskDeliveryState
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ kioskId }: GetKioskDeliveryStateQuery): Promise<KioskDeliveryState> {
    const s = await this.dataSource.getRepository(KioskStateEntity).findOneBy({ kioskId });
    if (!s) return { exists: false, decommissioned: false, connected: false, commandedStatus: null };
    return {
      exists: true,
      decommissioned: s.decommissioned,
      connected: s.connected,
      commandedStatus: s.commandedStatus,
    };
  }
}
