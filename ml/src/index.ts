/**
 * What serving (libs/ai) takes from the training pipeline: the feature spec and extractor (one
 * source of truth for rows), labels, CSV validation, the alert policy the evaluation assumes, and
 * the model card shape. Training itself (`runTraining`, which pulls in the kiosk signal models) is
 * imported from `@app/ml/training` by the processes that train.
 */
export * from './features/feature-spec';
export * from './features/feature-extractor';
export * from './features/feature-state-codec';
export * from './features/reading';
export * from './data/labels';
export * from './data/dataset';
export {
  FIELD_RANGES,
  REQUIRED_COLUMNS,
  datasetFromLabelledReadings,
  parseDatasetCsv,
  readCsvDataset,
  validateRow,
} from './data/csv-dataset';
export type { CsvRowError, LabelledReading, ParsedCsv } from './data/csv-dataset';
export { ALERT_QUIET_MS, ANOMALY_FOR_MS, AnomalyAlertPolicy, DEFAULT_THRESHOLD_RULES } from './eval/alerts';
export type { ThresholdRule } from './eval/alerts';
export { DRIFT_FEATURES, DriftWindow, PSI_DRIFT_THRESHOLD, psi } from './eval/drift';
export type { DriftReference } from './eval/drift';
export type { EvaluationReport, FaultRecall, ModelMetrics } from './eval/evaluate';
export type { CandidateSummary, DataSummary, ModelCard } from './model-card';
export { ALGORITHMS, ONNX_INPUT, ONNX_OUTPUT } from './train/model';
export { SESSION_OPTIONS } from './onnx/session-options';
export type { Algorithm } from './train/model';
