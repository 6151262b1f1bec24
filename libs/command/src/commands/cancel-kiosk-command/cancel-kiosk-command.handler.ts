import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { notFound, unprocessable } from '@app/core';
import { CanUserSeeKioskQuery } from '@app/contracts';
import { KioskCommandEntity } from '../../entities/kiosk-command.entity';
import { KioskCommandRepository } from '../../repositories/kiosk-command.repository';
import { CommandEvents } from '../../services/command-events';
import { CancelKioskCommandCommand } from './cancel-kiosk-command.command';

/** Cancels a command that has not reached a final state; a final one answers 422. */
@CommandHandler(CancelKioskCommandCommand)
export class CancelKioskCommandHandler implements ICommandHandler<
  CancelKioskCommandCommand,
  KioskCommandEntity
> {
  constructor(
    private readonly commands: KioskCommandRepository,
    private readonly queries: QueryBus,
    private readonly events: CommandEvents,
  ) {}

  async execute({ commandId, user }: CancelKioskCommandCommand): Promise<KioskCommandEntity> {
    const existing = await this.commands.findById(commandId);
    if (!existing || !(await this.queries.execute(new CanUserSeeKioskQuery(user, existing.kioskId)))) {
      throw notFound('Command');
    }
    const rows = await this.commands.cancel(commandId);
    if (!rows.length) throw unprocessable(`The command is already ${existing.status}`);
    this.events.publish(rows);
    return this.commands.findByIdOrFail(commandId);
  }
}
