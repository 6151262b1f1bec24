import type { TelemetryReading } from '@app/contracts';

/** Evaluate the telemetry rules on readings just committed (by this instance). */
export class EvaluateAlertRulesCommand {
  constructor(readonly readings: readonly TelemetryReading[]) {}
}
