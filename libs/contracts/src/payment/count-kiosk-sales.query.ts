/**
 * How many sales (payments not failed) these kiosks made in [`from`, `to`), by when they
 * happened: a rollout compares the hour after a wave with the same hour a week before.
 */
export class CountKioskSalesQuery {
  constructor(
    readonly kioskIds: readonly number[],
    readonly from: Date,
    readonly to: Date,
  ) {}
}
