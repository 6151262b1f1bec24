import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, Page } from '@app/core';
import { queryRecords } from '@app/database';
import type { RolloutDto } from '../../dto/rollout.dto';
import { RolloutReader, RolloutRow } from '../../services/rollout-reader';
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
    const rows = await queryRecords<RolloutRow>(
      this.dataSource,
      `SELECT * FROM rollouts
        WHERE $1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid)
        ORDER BY created_at DESC, id DESC LIMIT $3`,
      [after?.k ?? null, after?.id ?? null, limit + 1],
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
