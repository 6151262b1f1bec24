import type { TelemetryReading } from './telemetry-reading';

/**
 * The port through which the telemetry writer has readings scored just before they are stored, so
 * each row is written once, with its score. Telemetry declares what it needs; the AI module binds
 * its scorer to READING_SCORER. Without the AI module nothing is bound and readings are stored
 * unscored.
 */
export interface ReadingScorer {
  /**
   * One score per reading, in order; NaN where a reading was not scored. Null, returned at once,
   * when nothing will be scored (no model is active): the writer then has nothing to wait for.
   */
  scoreBeforeStorage(readings: readonly TelemetryReading[]): Promise<Float32Array> | null;
}

/** The injection token of the ReadingScorer (an interface leaves nothing at runtime to inject by). */
export const READING_SCORER = Symbol('ReadingScorer');
