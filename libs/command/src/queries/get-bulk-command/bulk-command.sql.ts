import type { DataSource } from 'typeorm';
import type { CommandStatus } from '@app/contracts';
import { CommandBatchEntity } from '../../entities/command-batch.entity';

export function readBatch(dataSource: DataSource, batchId: string): Promise<CommandBatchEntity | null> {
  return dataSource.getRepository(CommandBatchEntity).findOneBy({ id: batchId });
}

/** How many of the batch's commands are in each state (states without any left out). */
export function readBatchStatusCounts(
  dataSource: DataSource,
  batchId: string,
): Promise<Array<{ status: CommandStatus; n: number }>> {
  return dataSource.query(
    `SELECT status, count(*)::int AS n FROM kiosk_commands WHERE batch_id = $1 GROUP BY status`,
    [batchId],
  );
}
