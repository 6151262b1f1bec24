import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, notFound, Page, toPage } from '@app/core';
import { CanUserSeeKioskQuery } from '@app/contracts';
import { CommandDto } from '../../dto/command.dto';
import { KioskCommandEntity } from '../../entities/kiosk-command.entity';
import { ListKioskCommandsQuery } from './list-kiosk-commands.query';

@QueryHandler(ListKioskCommandsQuery)
export class ListKioskCommandsHandler implements IQueryHandler<ListKioskCommandsQuery, Page<CommandDto>> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
  ) {}

  async execute({ kioskId, user, limit, cursor }: ListKioskCommandsQuery): Promise<Page<CommandDto>> {
    if (!(await this.queries.execute(new CanUserSeeKioskQuery(user, kioskId)))) throw notFound('Kiosk');
    const before = decodeCursor(cursor);
    const qb = this.dataSource
      .getRepository(KioskCommandEntity)
      .createQueryBuilder('c')
      .where('c.kiosk_id = :kioskId', { kioskId })
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1);
    if (before)
      qb.andWhere('(c.created_at, c.id) < (:k::timestamptz, :id::uuid)', { k: before.k, id: before.id });
    const rows = await qb.getMany();
    return toPage(
      rows,
      limit,
      (c) => CommandDto.from(c),
      (c) => ({ k: c.createdAt.toISOString(), id: c.id }),
    );
  }
}
