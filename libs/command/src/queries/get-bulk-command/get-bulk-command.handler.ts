import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { COMMAND_STATUSES, CommandStatus, Role } from '@app/contracts';
import { BulkCommandProgressDto } from '../../dto/bulk-command.dto';
import { readBatch, readBatchStatusCounts } from './bulk-command.sql';
import { GetBulkCommandQuery } from './get-bulk-command.query';

/** Progress of a bulk command: counts per state, for its creator and admins. */
@QueryHandler(GetBulkCommandQuery)
export class GetBulkCommandHandler implements IQueryHandler<GetBulkCommandQuery, BulkCommandProgressDto> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ batchId, user }: GetBulkCommandQuery): Promise<BulkCommandProgressDto> {
    const batch = await readBatch(this.dataSource, batchId);
    if (!batch || (user.role !== Role.Admin && batch.createdBy !== user.id)) throw notFound('Bulk command');
    const rows = await readBatchStatusCounts(this.dataSource, batchId);
    const byStatus = Object.fromEntries(COMMAND_STATUSES.map((s) => [s, 0])) as Record<CommandStatus, number>;
    for (const r of rows) byStatus[r.status] = r.n;
    return {
      batchId: batch.id,
      command: batch.command,
      count: batch.count,
      created: rows.reduce((n, r) => n + r.n, 0),
      byStatus,
      createdAt: batch.createdAt.toISOString(),
      fannedOutAt: batch.fannedOutAt?.toISOString() ?? null,
    };
  }
}
