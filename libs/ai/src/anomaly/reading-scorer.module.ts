import { Global, Module } from '@nestjs/common';
import { READING_SCORER } from '@app/contracts';
import { AnomalyModule } from './anomaly.module';
import { AnomalyReadingScorer } from './services/anomaly-reading-scorer';

/**
 * Binds the telemetry writer's READING_SCORER to the anomaly model. Global because telemetry may not
 * import AI, and it injects the port optionally (stored unscored when this module is not mounted);
 * it exports the port alone, so nothing else of the AI module becomes visible elsewhere.
 */
@Global()
@Module({
  imports: [AnomalyModule],
  providers: [{ provide: READING_SCORER, useExisting: AnomalyReadingScorer }],
  exports: [READING_SCORER],
})
export class ReadingScorerModule {}
