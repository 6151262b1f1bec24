import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CommandedStatus,
  GetKioskDeliveryStatesQuery,
  KioskDeliveryState,
  KioskDeliveryStates,
} from '@app/contracts';
import { pgPool } from '@app/database';

@QueryHandler(GetKioskDeliveryStatesQuery)
export class GetKioskDeliveryStatesHandler implements IQueryHandler<
  GetKioskDeliveryStatesQuery,
  KioskDeliveryStates
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ kioskIds }: GetKioskDeliveryStatesQuery): Promise<KioskDeliveryStates> {
    const states = new Map<number, KioskDeliveryState>();
    if (!kioskIds.length) return states;
    // On every command issue and delivery: a plain statement, no entity hydration.
    const { rows } = await pgPool(this.dataSource).query<{
      kiosk_id: number;
      decommissioned: boolean;
      commanded_status: CommandedStatus | null;
    }>(`SELECT kiosk_id, decommissioned, commanded_status FROM kiosk_state WHERE kiosk_id = ANY($1::int[])`, [
      kioskIds,
    ]);
    for (const s of rows) {
      states.set(s.kiosk_id, {
        decommissioned: s.decommissioned,
        commandedStatus: s.commanded_status,
      });
    }
    return states;
  }
}
