/**
 * The training side of the pipeline, for the processes that train (the worker's retraining): the
 * run itself, promotion against the frozen evaluation set, and the datasets built from the database
 * or an upload. A second entry point beside the index because training pulls in the kiosk signal
 * models (libs/kiosk-signals), which serving never needs.
 */
export { DEFAULT_GOAL, runTraining } from './pipeline';
export type { TrainingOptions, TrainingProgress, TrainingResult } from './pipeline';
export { decidePromotion, frozenSimulatorFleet, scoreOnFrozenSet } from './promotion';
export type { FrozenSetScore } from './promotion';
export { buildDatabaseDataset, buildUploadedDataset } from './data/database-dataset';
