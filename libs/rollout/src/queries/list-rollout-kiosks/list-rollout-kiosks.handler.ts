import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ListVisibleKioskIdsQuery, Role } from '@app/contracts';
import { decodeCursor, DomainError, notFound, Page, toPage } from '@app/core';
import type { RolloutKioskDto } from '../../dto/rollout-kiosk.dto';
import { listRolloutKioskRows, RolloutKioskRow, rolloutExists } from './list-rollout-kiosks.sql';
import { ListRolloutKiosksQuery } from './list-rollout-kiosks.query';

const MAX_INT = 2_147_483_647;

@QueryHandler(ListRolloutKiosksQuery)
export class ListRolloutKiosksHandler implements IQueryHandler<
  ListRolloutKiosksQuery,
  Page<RolloutKioskDto>
> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
  ) {}

  async execute({
    rolloutId,
    viewer,
    filter,
    limit,
    cursor,
  }: ListRolloutKiosksQuery): Promise<Page<RolloutKioskDto>> {
    const after = keysetOf(cursor);
    if (!(await rolloutExists(this.dataSource, rolloutId))) throw notFound('Rollout');
    // Rollouts are fleet-wide, their kiosks are not: an operator sees only the kiosks the kiosk
    // module lets them see, as on every other kiosk-scoped list.
    const visible =
      viewer.role === Role.Admin
        ? null
        : await this.queries.execute<ListVisibleKioskIdsQuery, number[]>(
            new ListVisibleKioskIdsQuery(viewer),
          );
    const rows = await listRolloutKioskRows(this.dataSource, {
      rolloutId,
      status: filter.status ?? null,
      wave: filter.wave ?? null,
      visible,
      after,
      limit: limit + 1,
    });
    return toPage(rows, limit, view, (r) => ({ k: r.wave, id: r.position }));
  }
}

/** The cursor this list hands out is `{ k: wave, id: position }`; anything else is a 400. */
function keysetOf(cursor: string | undefined): { wave: number; position: number } | null {
  const c = decodeCursor(cursor);
  if (!c) return null;
  const ok = (n: unknown): n is number =>
    Number.isSafeInteger(n) && (n as number) >= 0 && (n as number) <= MAX_INT;
  if (!ok(c.k) || !ok(c.id)) {
    throw new DomainError('invalid', 'Invalid cursor', [{ field: 'cursor', message: 'invalid cursor' }]);
  }
  return { wave: c.k, position: c.id };
}

function view(r: RolloutKioskRow): RolloutKioskDto {
  return {
    kioskId: r.kiosk_id,
    serial: r.serial,
    wave: r.wave,
    status: r.state,
    detail: r.detail,
    commandId: r.command_id,
    rejoinedAt: r.rejoined_at?.toISOString() ?? null,
    updatedAt: r.updated_at.toISOString(),
  };
}
