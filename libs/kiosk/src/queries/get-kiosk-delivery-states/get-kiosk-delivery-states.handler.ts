import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GetKioskDeliveryStatesQuery, KioskDeliveryState, KioskDeliveryStates } from '@app/contracts';
import { readDeliveryStates } from './delivery-states.sql';

@QueryHandler(GetKioskDeliveryStatesQuery)
export class GetKioskDeliveryStatesHandler implements IQueryHandler<
  GetKioskDeliveryStatesQuery,
  KioskDeliveryStates
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ kioskIds }: GetKioskDeliveryStatesQuery): Promise<KioskDeliveryStates> {
    const states = new Map<number, KioskDeliveryState>();
    if (!kioskIds.length) return states;
    const { rows } = await readDeliveryStates(this.dataSource, kioskIds);
    for (const s of rows) {
      states.set(s.kiosk_id, {
        decommissioned: s.decommissioned,
        commandedStatus: s.commanded_status,
      });
    }
    return states;
  }
}
