import type { ExplanationTerm } from './alert';

/** The anomaly model scored a stored reading above its threshold; the alert module opens `ai_anomaly`. */
export class AnomalyDetectedEvent {
  constructor(
    readonly anomaly: {
      kioskId: number;
      /** The reading's own timestamp (kiosk clock). */
      readingAt: Date;
      score: number;
      threshold: number;
      modelVersion: string;
      explanation: ExplanationTerm[];
    },
  ) {}
}
