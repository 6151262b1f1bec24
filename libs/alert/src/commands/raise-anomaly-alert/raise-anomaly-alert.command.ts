import type { AnomalyDetectedEvent } from '@app/core';

export class RaiseAnomalyAlertCommand {
  constructor(readonly anomaly: AnomalyDetectedEvent['anomaly']) {}
}
