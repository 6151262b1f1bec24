import type { KioskViewer } from './kiosk-viewer';

/** The most kiosks `attentionLimit` may ask for: a short list for a glance, not a page of the fleet. */
export const MAX_ATTENTION_LIMIT = 50;
export const DEFAULT_ATTENTION_LIMIT = 6;

/**
 * The fleet at a glance for what a viewer may see (see KioskViewer): counts by status and by what
 * the kiosks can sell, and the `attentionLimit` kiosks most in need of someone.
 */
export class GetFleetSummaryQuery {
  constructor(
    readonly user: KioskViewer,
    readonly attentionLimit: number = DEFAULT_ATTENTION_LIMIT,
  ) {}
}
