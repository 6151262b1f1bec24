import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CancelKioskCommandsCommand } from '@app/contracts';
import { queryRecords } from '@app/database';
import { ChangedCommand, CHANGED_RETURNING, CommandEvents } from '../../services/command-events';

/** Cancels every command of the list not yet final, in one statement (final ones stay as they are). */
@CommandHandler(CancelKioskCommandsCommand)
export class CancelKioskCommandsHandler implements ICommandHandler<CancelKioskCommandsCommand, number> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: CommandEvents,
  ) {}

  async execute({ commandIds }: CancelKioskCommandsCommand): Promise<number> {
    if (!commandIds.length) return 0;
    const rows = await queryRecords<ChangedCommand>(
      this.dataSource,
      `WITH old AS (SELECT id, status FROM kiosk_commands
                     WHERE id = ANY ($1::uuid[]) AND status IN ('pending', 'sent', 'acknowledged')
                     ORDER BY id FOR UPDATE)
       UPDATE kiosk_commands c SET status = 'cancelled', completed_at = now()
         FROM old WHERE c.id = old.id
       RETURNING ${CHANGED_RETURNING}`,
      [commandIds],
    );
    this.events.publish(rows);
    return rows.length;
  }
}
