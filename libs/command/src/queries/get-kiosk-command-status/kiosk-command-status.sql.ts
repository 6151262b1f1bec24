import type { DataSource } from 'typeorm';
import type { CommandStatus } from '@app/contracts';

/** Null when there is no such command. */
export async function readCommandStatus(
  dataSource: DataSource,
  commandId: string,
): Promise<CommandStatus | null> {
  const [row] = (await dataSource.query(`SELECT status FROM kiosk_commands WHERE id = $1::uuid`, [
    commandId,
  ])) as Array<{ status: CommandStatus }>;
  return row?.status ?? null;
}
