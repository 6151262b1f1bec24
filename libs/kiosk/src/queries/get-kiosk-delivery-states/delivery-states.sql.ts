import type { QueryResult } from 'pg';
import type { DataSource } from 'typeorm';
import type { CommandedStatus } from '@app/contracts';
import { pgPool } from '@app/database';

export interface DeliveryStateRow {
  kiosk_id: number;
  decommissioned: boolean;
  commanded_status: CommandedStatus | null;
}

/**
 * On every command issue and delivery: a plain statement, no entity hydration. Not async: the
 * caller's await is the only one.
 */
export function readDeliveryStates(
  dataSource: DataSource,
  kioskIds: readonly number[],
): Promise<QueryResult<DeliveryStateRow>> {
  return pgPool(dataSource).query<DeliveryStateRow>(
    `SELECT kiosk_id, decommissioned, commanded_status FROM kiosk_state WHERE kiosk_id = ANY($1::int[])`,
    [kioskIds],
  );
}
