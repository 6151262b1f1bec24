import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { notFound, unprocessable } from '@app/core';
import { FEATURE_SPEC_HASH } from '@app/ml';
import { AiModelDto } from '../../dto/ai-model.dto';
import { AnomalyModelService } from '../../services/anomaly-model.service';
import { ModelRegistry } from '../../services/model-registry';
import { ActivateModelCommand } from './activate-model.command';

@CommandHandler(ActivateModelCommand)
export class ActivateModelHandler implements ICommandHandler<ActivateModelCommand, AiModelDto> {
  private readonly logger = new Logger(ActivateModelHandler.name);

  constructor(
    private readonly registry: ModelRegistry,
    private readonly models: AnomalyModelService,
  ) {}

  async execute({ version, actorId }: ActivateModelCommand): Promise<AiModelDto> {
    const model = await this.registry.get(version);
    if (model === null) throw notFound('Model');
    // A model computed on other features would score garbage here: refuse it rather than serve it.
    if (model.featureSpecHash !== FEATURE_SPEC_HASH) {
      throw unprocessable(
        `Model ${version} was trained on feature spec ${model.featureSpecHash}; this server computes ${FEATURE_SPEC_HASH}`,
      );
    }
    await this.registry.activate(version);
    await this.models.activated();
    this.logger.log(`anomaly model ${version} activated by ${actorId}`);
    const now = await this.registry.get(version);
    return AiModelDto.from(now ?? model);
  }
}
