import type { KioskViewer } from './kiosk-viewer';

/**
 * The kiosks a bulk action addresses, as the user may see them: by ids (ids the user may not see, or
 * that do not exist, come back in `missing`) or by tag. Decommissioned kiosks are never targets.
 */
export class ResolveKioskTargetsQuery {
  constructor(
    readonly user: KioskViewer,
    readonly target: { kioskIds?: number[]; tag?: string },
  ) {}
}
export interface ResolvedKioskTargets {
  kioskIds: number[];
  missing: number[];
}
