import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CommandedStatus, GetKioskDeliveryStateQuery, KioskDeliveryState } from '@app/core';
import { pgPool } from '@app/database';

@QueryHandler(GetKioskDeliveryStateQuery)
export class GetKioskDeliveryStateHandler implements IQueryHandler<
  GetKioskDeliveryStateQuery,
  KioskDeliveryState
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ kioskId }: GetKioskDeliveryStateQuery): Promise<KioskDeliveryState> {
    // On every command issue and delivery: a plain statement, no entity hydration.
    const { rows } = await pgPool(this.dataSource).query<{
      decommissioned: boolean;
      connected: boolean;
      commanded_status: CommandedStatus | null;
    }>(`SELECT decommissioned, connected, commanded_status FROM kiosk_state WHERE kiosk_id = $1`, [kioskId]);
    const s = rows[0];
    if (!s) return { exists: false, decommissioned: false, connected: false, commandedStatus: null };
    return {
      exists: true,
      decommissioned: s.decommissioned,
      connected: s.connected,
      commandedStatus: s.commanded_status,
    };
  }
}
