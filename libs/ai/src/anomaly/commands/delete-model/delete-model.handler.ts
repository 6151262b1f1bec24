import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { notFound, unprocessable } from '@app/core';
import { ModelRegistry } from '../../services/model-registry';
import { DeleteModelCommand } from './delete-model.command';

@CommandHandler(DeleteModelCommand)
export class DeleteModelHandler implements ICommandHandler<DeleteModelCommand, void> {
  constructor(private readonly registry: ModelRegistry) {}

  async execute({ version }: DeleteModelCommand): Promise<void> {
    if (await this.registry.removeInactive(version)) return;
    const model = await this.registry.get(version);
    if (model === null) throw notFound('Model');
    throw unprocessable('The active model cannot be deleted: activate another one first');
  }
}
