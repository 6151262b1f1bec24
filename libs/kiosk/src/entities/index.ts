import { KioskConfigEntity } from './kiosk-config.entity';
import { KioskFirmwareHistoryEntity } from './kiosk-firmware-history.entity';
import { KioskStateEntity } from './kiosk-state.entity';
import { KioskEntity } from './kiosk.entity';

export const KIOSK_ENTITIES = [KioskEntity, KioskStateEntity, KioskFirmwareHistoryEntity, KioskConfigEntity];
export { KioskEntity, KioskStateEntity, KioskFirmwareHistoryEntity, KioskConfigEntity };
