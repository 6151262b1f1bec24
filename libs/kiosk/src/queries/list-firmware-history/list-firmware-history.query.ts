import type { KioskViewer } from '@app/contracts';

/** A kiosk's firmware changes, newest first, if the viewer may see the kiosk (404 otherwise). */
export class ListFirmwareHistoryQuery {
  constructor(
    readonly user: KioskViewer,
    readonly kioskId: number,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
