import type { KioskViewer } from '@app/contracts';

/** How many of the kiosks the viewer may see run each firmware version. */
export class GetFirmwareSummaryQuery {
  constructor(readonly user: KioskViewer) {}
}
