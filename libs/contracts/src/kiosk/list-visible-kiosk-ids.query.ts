import type { KioskViewer } from './kiosk-viewer';

/** The ids of every kiosk a user may see (see KioskViewer). */
export class ListVisibleKioskIdsQuery {
  constructor(readonly user: KioskViewer) {}
}
