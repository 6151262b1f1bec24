import { DynamicModule, Module } from '@nestjs/common';
import { ModelRegistry } from '../anomaly/services/model-registry';
import { AiRetrainingProcessor } from './ai-retraining.processor';
import { RetrainingService } from './retraining.service';
import { RetrainingTriggers } from './retraining-triggers';

/** The worker side of the AI module: retraining jobs and what triggers them (nightly, new labels). */
@Module({})
export class AiWorkerModule {
  static forRoot(): DynamicModule {
    return {
      module: AiWorkerModule,
      providers: [ModelRegistry, RetrainingService, AiRetrainingProcessor, RetrainingTriggers],
    };
  }
}
