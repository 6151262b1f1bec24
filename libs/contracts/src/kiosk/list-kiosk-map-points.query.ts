import type { KioskViewer } from './kiosk-viewer';

/** Every kiosk a viewer may see that is still in service, in the compact shape a map draws. */
export class ListKioskMapPointsQuery {
  constructor(readonly user: KioskViewer) {}
}
