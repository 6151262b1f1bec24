import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CommandStatus, GetKioskCommandStatusQuery } from '@app/contracts';

@QueryHandler(GetKioskCommandStatusQuery)
export class GetKioskCommandStatusHandler implements IQueryHandler<
  GetKioskCommandStatusQuery,
  CommandStatus | null
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ commandId }: GetKioskCommandStatusQuery): Promise<CommandStatus | null> {
    const [row] = (await this.dataSource.query(`SELECT status FROM kiosk_commands WHERE id = $1::uuid`, [
      commandId,
    ])) as Array<{ status: CommandStatus }>;
    return row?.status ?? null;
  }
}
