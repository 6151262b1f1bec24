import type { DataSource } from 'typeorm';
import type { CommandStatus } from '@app/contracts';
import { queryRecords } from '@app/database';

export function readCommandStatuses(
  dataSource: DataSource,
  commandIds: readonly string[],
): Promise<Array<{ id: string; status: CommandStatus }>> {
  return queryRecords<{ id: string; status: CommandStatus }>(
    dataSource,
    `SELECT id, status FROM kiosk_commands WHERE id = ANY ($1::uuid[])`,
    [commandIds],
  );
}
