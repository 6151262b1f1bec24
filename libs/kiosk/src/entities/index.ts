import { KioskStateEntity } from './kiosk-state.entity';
import { KioskEntity } from './kiosk.entity';

export const KIOSK_ENTITIES = [KioskEntity, KioskStateEntity];
export { KioskEntity, KioskStateEntity };
