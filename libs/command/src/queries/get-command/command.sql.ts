import type { DataSource } from 'typeorm';
import { CommandTransitionEntity } from '../../entities/command-transition.entity';
import { KioskCommandEntity } from '../../entities/kiosk-command.entity';

export function readCommand(dataSource: DataSource, commandId: string): Promise<KioskCommandEntity | null> {
  return dataSource.getRepository(KioskCommandEntity).findOneBy({ id: commandId });
}

/** Its transitions, oldest first. */
export function readCommandHistory(
  dataSource: DataSource,
  commandId: string,
): Promise<CommandTransitionEntity[]> {
  return dataSource
    .getRepository(CommandTransitionEntity)
    .find({ where: { commandId }, order: { id: 'ASC' } });
}
