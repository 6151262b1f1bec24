import type { TelemetryReading } from '@app/contracts';

/** Check readings just committed (by this instance) against their kiosks' registered locations. */
export class EvaluateLocationDriftCommand {
  constructor(readonly readings: readonly TelemetryReading[]) {}
}
