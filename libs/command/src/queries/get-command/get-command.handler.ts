import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { CanUserSeeKioskQuery } from '@app/contracts';
import { CommandDto } from '../../dto/command.dto';
import { readCommand, readCommandHistory } from './command.sql';
import { GetCommandQuery } from './get-command.query';

/** A command with its transition history, if the user may see its kiosk. */
@QueryHandler(GetCommandQuery)
export class GetCommandHandler implements IQueryHandler<GetCommandQuery, CommandDto> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
  ) {}

  async execute({ commandId, user }: GetCommandQuery): Promise<CommandDto> {
    const command = await readCommand(this.dataSource, commandId);
    if (!command || !(await this.queries.execute(new CanUserSeeKioskQuery(user, command.kioskId)))) {
      throw notFound('Command');
    }
    const history = await readCommandHistory(this.dataSource, commandId);
    return CommandDto.from(command, history);
  }
}
