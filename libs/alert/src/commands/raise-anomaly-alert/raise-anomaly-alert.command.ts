import type { AnomalyDetectedEvent } from '@app/contracts';

export class RaiseAnomalyAlertCommand {
  constructor(readonly anomaly: AnomalyDetectedEvent['anomaly']) {}
}
