import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CancelKioskCommandsCommand } from '@app/contracts';
import { KioskCommandRepository } from '../../repositories/kiosk-command.repository';
import { CommandEvents } from '../../services/command-events';

/** Cancels every command of the list not yet final, in one statement (final ones stay as they are). */
@CommandHandler(CancelKioskCommandsCommand)
export class CancelKioskCommandsHandler implements ICommandHandler<CancelKioskCommandsCommand, number> {
  constructor(
    private readonly commands: KioskCommandRepository,
    private readonly events: CommandEvents,
  ) {}

  async execute({ commandIds }: CancelKioskCommandsCommand): Promise<number> {
    if (!commandIds.length) return 0;
    const rows = await this.commands.cancelMany(commandIds);
    this.events.publish(rows);
    return rows.length;
  }
}
