import type { DomainModuleDescriptor } from '@app/core';
import { ReadingScorerModule } from './anomaly/reading-scorer.module';
import { AiWorkerModule } from './retraining/ai-worker.module';

/**
 * The AI domain module: anomaly scoring and the model registry on the API side (controllers are
 * added by apps/api; ReadingScorerModule brings AnomalyModule and lends telemetry its scorer),
 * retraining jobs on the worker side.
 */
export const AI_MODULE: DomainModuleDescriptor = {
  name: 'ai',
  forRoot: () => ({ module: ReadingScorerModule }),
  forWorker: () => AiWorkerModule.forRoot(),
};
