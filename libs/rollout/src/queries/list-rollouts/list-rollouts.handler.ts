import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, Page } from '@app/core';
import type { RolloutDto } from '../../dto/rollout.dto';
import { RolloutReader } from '../../services/rollout-reader';
import { listRolloutRows } from './list-rollouts.sql';
import { ListRolloutsQuery } from './list-rollouts.query';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@QueryHandler(ListRolloutsQuery)
export class ListRolloutsHandler implements IQueryHandler<ListRolloutsQuery, Page<RolloutDto>> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reader: RolloutReader,
  ) {}

  async execute({ limit, cursor }: ListRolloutsQuery): Promise<Page<RolloutDto>> {
    const after = decodeCursor(cursor);
    if (after && (typeof after.id !== 'string' || !UUID.test(after.id) || typeof after.k !== 'string')) {
      return { items: [], nextCursor: null };
    }
    const rows = await listRolloutRows(
      this.dataSource,
      after ? { createdAt: after.k as string, id: after.id as string } : null,
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.reader.views(page),
      nextCursor:
        rows.length > limit && last ? encodeCursor({ k: last.created_at.toISOString(), id: last.id }) : null,
    };
  }
}
