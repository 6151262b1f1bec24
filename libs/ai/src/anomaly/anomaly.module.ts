import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ActivateModelHandler } from './commands/activate-model/activate-model.handler';
import { DeleteModelHandler } from './commands/delete-model/delete-model.handler';
import { RollbackModelHandler } from './commands/rollback-model/rollback-model.handler';
import { RequestRetrainingHandler } from '../retraining/commands/request-retraining/request-retraining.handler';
import { GetRetrainingJobHandler } from '../retraining/queries/get-retraining-job/get-retraining-job.handler';
import { DatasetParserPool } from './dataset-import/dataset-parser-pool';
import { DatasetRepository } from './dataset-import/dataset.repository';
import { DatasetUploadMetrics } from './dataset-import/dataset-upload-metrics';
import { DatasetUploadSlots } from './dataset-import/dataset-upload-slots';
import { UploadDatasetHandler } from './commands/upload-dataset/upload-dataset.handler';
import { ScoreTelemetryHandler } from './commands/score-telemetry/score-telemetry.handler';
import { RaiseAnomalyWhenTelemetryRecordedHandler } from './events/raise-anomaly-when-telemetry-recorded.handler';
import { PendingAnomalies } from './services/pending-anomalies';
import { ListModelsHandler } from './queries/list-models/list-models.handler';
import { AnomalyModelService } from './services/anomaly-model.service';
import { AnomalyReadingScorer } from './services/anomaly-reading-scorer';
import { DriftMonitor } from './services/drift-monitor';
import { KioskScoringStates } from './services/kiosk-scoring-states';
import { ModelRegistry } from './services/model-registry';

/**
 * Anomaly detection on every stored reading, the model registry, on-demand scoring, labelled
 * dataset uploads, and the producer side of retraining (the jobs run in the worker).
 */
@Module({
  imports: [CqrsModule],
  providers: [
    ModelRegistry,
    AnomalyModelService,
    KioskScoringStates,
    DriftMonitor,
    AnomalyReadingScorer,
    RaiseAnomalyWhenTelemetryRecordedHandler,
    PendingAnomalies,
    ScoreTelemetryHandler,
    ListModelsHandler,
    ActivateModelHandler,
    RollbackModelHandler,
    DeleteModelHandler,
    DatasetRepository,
    UploadDatasetHandler,
    DatasetUploadMetrics,
    DatasetUploadSlots,
    DatasetParserPool,
    RequestRetrainingHandler,
    GetRetrainingJobHandler,
  ],
  exports: [
    AnomalyModelService,
    AnomalyReadingScorer,
    DriftMonitor,
    DatasetParserPool,
    DatasetUploadSlots,
    DatasetUploadMetrics,
  ],
})
export class AnomalyModule {}
