import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound, unprocessable } from '@app/core';
import { CanUserSeeKioskQuery } from '@app/contracts';
import { queryRecords } from '@app/database';
import { KioskCommandEntity } from '../../entities/kiosk-command.entity';
import { ChangedCommand, CHANGED_RETURNING, CommandEvents } from '../../services/command-events';
import { CancelKioskCommandCommand } from './cancel-kiosk-command.command';

/** Cancels a command that has not reached a final state; a final one answers 422. */
@CommandHandler(CancelKioskCommandCommand)
export class CancelKioskCommandHandler implements ICommandHandler<
  CancelKioskCommandCommand,
  KioskCommandEntity
> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
    private readonly events: CommandEvents,
  ) {}

  async execute({ commandId, user }: CancelKioskCommandCommand): Promise<KioskCommandEntity> {
    const repo = this.dataSource.getRepository(KioskCommandEntity);
    const existing = await repo.findOneBy({ id: commandId });
    if (!existing || !(await this.queries.execute(new CanUserSeeKioskQuery(user, existing.kioskId)))) {
      throw notFound('Command');
    }
    const rows = await queryRecords<ChangedCommand>(
      this.dataSource,
      `WITH old AS (SELECT id, status FROM kiosk_commands WHERE id = $1 FOR UPDATE)
       UPDATE kiosk_commands c SET status = 'cancelled', completed_at = now()
         FROM old WHERE c.id = old.id AND old.status IN ('pending', 'sent', 'acknowledged')
       RETURNING ${CHANGED_RETURNING}`,
      [commandId],
    );
    if (!rows.length) throw unprocessable(`The command is already ${existing.status}`);
    this.events.publish(rows);
    return repo.findOneByOrFail({ id: commandId });
  }
}
