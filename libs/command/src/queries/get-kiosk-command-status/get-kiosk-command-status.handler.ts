import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CommandStatus, GetKioskCommandStatusQuery } from '@app/contracts';
import { readCommandStatus } from './kiosk-command-status.sql';

@QueryHandler(GetKioskCommandStatusQuery)
export class GetKioskCommandStatusHandler implements IQueryHandler<
  GetKioskCommandStatusQuery,
  CommandStatus | null
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ commandId }: GetKioskCommandStatusQuery): Promise<CommandStatus | null> {
    return readCommandStatus(this.dataSource, commandId);
  }
}
