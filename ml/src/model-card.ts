import { DriftReference } from './eval/drift';
import { EvaluationReport, ModelMetrics } from './eval/evaluate';
import { ThresholdChoice, ThresholdGoal } from './eval/threshold';
import { Algorithm } from './train/model';

export interface CandidateSummary {
  algorithm: Algorithm;
  /** Validation PR-AUC: what picks the winner. */
  validationPrAuc: number;
  validationRocAuc: number;
  trainMs: number;
  selected: boolean;
}

export interface DataSummary {
  source: 'synthetic' | 'database' | 'csv' | 'mixed';
  description: string;
  rows: number;
  positives: number;
  kiosks: number;
  split: { train: number; validation: number; test: number };
}

/**
 * Everything needed to judge and serve a model, written as JSON beside the ONNX file: what it
 * reads (feature spec hash, feature names, normalisation), how it decides (threshold and how it was
 * chosen), how good it is (held-out metrics, per-fault recall vs threshold rules), and how it was
 * made (data, seed, hyperparameters, the ONNX round-trip check).
 */
export interface ModelCard {
  name: string;
  version: string;
  algorithm: Algorithm;
  createdAt: string;
  createdBy: string;
  seed: string;
  featureSpec: { hash: string; version: number; features: readonly string[] };
  normalisation: { mean: number[]; std: number[] };
  /** Training distribution of the drift features: live readings are compared with it (PSI). */
  drift: DriftReference;
  threshold: number;
  thresholdChoice: ThresholdChoice & ThresholdGoal;
  metrics: ModelMetrics;
  evaluation: { test: EvaluationReport; simulatorFleet: EvaluationReport | null };
  candidates: CandidateSummary[];
  data: DataSummary;
  hyperparameters: Record<string, number | string>;
  /** Logistic regression only: weights per feature (standardised space) and bias, for exact explanations. */
  linear: { weights: number[]; bias: number } | null;
  onnx: {
    file: string;
    bytes: number;
    sha256: string;
    input: string;
    output: string;
    opsets: Record<string, number>;
    roundTrip: { rows: number; maxAbsDiff: number; tolerance: number };
  };
  timingsMs: Record<string, number>;
}
