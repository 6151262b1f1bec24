import type { KioskViewer } from './kiosk-viewer';

/** Whether a user may see a kiosk (see KioskViewer). */
export class CanUserSeeKioskQuery {
  constructor(
    readonly user: KioskViewer,
    readonly kioskId: number,
  ) {}
}
