import type { DataSource } from 'typeorm';
import type { CommandStatus } from '@app/contracts';
import { queryRecords } from '@app/database';

export function readCommandStatuses(
  dataSource: DataSource,
  commandIds: readonly string[],
): Promise<Array<{ id: string; status: CommandStatus; error: string | null }>> {
  return queryRecords<{ id: string; status: CommandStatus; error: string | null }>(
    dataSource,
    `SELECT id, status, error FROM kiosk_commands WHERE id = ANY ($1::uuid[])`,
    [commandIds],
  );
}
