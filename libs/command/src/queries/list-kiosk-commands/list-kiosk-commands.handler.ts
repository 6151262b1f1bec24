import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, notFound, Page, toPage } from '@app/core';
import { CanUserSeeKioskQuery } from '@app/contracts';
import { CommandDto } from '../../dto/command.dto';
import { readKioskCommands } from './kiosk-commands.sql';
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
    const rows = await readKioskCommands(this.dataSource, kioskId, before, limit + 1);
    return toPage(
      rows,
      limit,
      (c) => CommandDto.from(c),
      (c) => ({ k: c.createdAt.toISOString(), id: c.id }),
    );
  }
}
