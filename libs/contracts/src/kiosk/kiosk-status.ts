/** The kiosk status vocabulary other modules share, and the liveness snapshot kiosk events carry. */
export const KIOSK_STATUSES = [
  'online',
  'stale',
  'offline',
  'blocked',
  'maintenance',
  'decommissioned',
] as const;
export type KioskStatus = (typeof KIOSK_STATUSES)[number];
export const SELL_CAPABILITIES = ['full', 'card_only', 'cash_only', 'none'] as const;
export type SellCapability = (typeof SELL_CAPABILITIES)[number];
export type CommandedStatus = 'blocked' | 'maintenance';

/** The liveness picture of one kiosk at a moment: what the admin feed and webhooks carry. */
export interface KioskStatusSnapshot {
  kioskId: number;
  status: KioskStatus;
  connected: boolean;
  reporting: boolean;
  peripheralsOk: boolean | null;
  canSell: SellCapability | null;
  at: Date;
}
