import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { unprocessable } from '@app/core';
import { AiModelDto } from '../../dto/ai-model.dto';
import { ModelRegistry } from '../../services/model-registry';
import { ActivateModelCommand } from '../activate-model/activate-model.command';
import { RollbackModelCommand } from './rollback-model.command';

@CommandHandler(RollbackModelCommand)
export class RollbackModelHandler implements ICommandHandler<RollbackModelCommand, AiModelDto> {
  constructor(
    private readonly registry: ModelRegistry,
    private readonly commands: CommandBus,
  ) {}

  async execute({ actorId }: RollbackModelCommand): Promise<AiModelDto> {
    const previous = await this.registry.previousActive();
    if (previous === null) throw unprocessable('No previously active model to roll back to');
    return this.commands.execute(new ActivateModelCommand(previous.version, actorId));
  }
}
