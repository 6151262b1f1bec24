/**
 * Liveness and commanded state the command module needs to decide whether to deliver now, for
 * many kiosks at once (a bulk fan-out claims thousands). Answered by the kiosk module. Unknown
 * kiosks are absent from the map.
 */
export class GetKioskDeliveryStatesQuery {
  constructor(readonly kioskIds: readonly number[]) {}
}
export interface KioskDeliveryState {
  decommissioned: boolean;
  commandedStatus: 'blocked' | 'maintenance' | null;
}
export type KioskDeliveryStates = ReadonlyMap<number, KioskDeliveryState>;
