import type { DomainModuleDescriptor } from '@app/core';
import { AnomalyModule } from './anomaly/anomaly.module';
import { AiWorkerModule } from './retraining/ai-worker.module';

/**
 * The AI domain module: anomaly scoring and the model registry on the API side (controllers are
 * added by apps/api), retraining jobs on the worker side.
 */
export const AI_MODULE: DomainModuleDescriptor = {
  name: 'ai',
  forRoot: () => ({ module: AnomalyModule }),
  forWorker: () => AiWorkerModule.forRoot(),
};
