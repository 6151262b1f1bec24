/**
 * How many alerts (not muted by a maintenance window) were raised for these kiosks in
 * [`from`, `to`): a rollout compares a wave's kiosks after the update with before it.
 */
export class CountKioskAlertsQuery {
  constructor(
    readonly kioskIds: readonly number[],
    readonly from: Date,
    readonly to: Date,
  ) {}
}
