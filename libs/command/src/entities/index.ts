import { CommandBatchEntity } from './command-batch.entity';
import { CommandTransitionEntity } from './command-transition.entity';
import { KioskCommandEntity } from './kiosk-command.entity';

export const COMMAND_ENTITIES = [KioskCommandEntity, CommandTransitionEntity, CommandBatchEntity];
export { CommandBatchEntity, CommandTransitionEntity, KioskCommandEntity };
