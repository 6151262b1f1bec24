import type { AlertView } from '../alert/alert';
import type { PaymentView } from '../payment/payment';
import type { CommandStatus, KioskCommandName } from '../command/kiosk-command';
import type { KioskStatus, SellCapability } from '../kiosk/kiosk-status';
import type { TelemetryReading } from '../telemetry/telemetry-reading';
import type { RolloutUpdatedPayload } from '../rollout/rollout';

/**
 * The admin live feed (namespace `/admin`, CONTRACT.md §4 and §5 "Admin feed payloads"): every
 * event the server pushes and its payload, camelCase like REST. Server → client only; the feed
 * ignores whatever a client sends.
 */

/** `kiosk_status`: a kiosk's liveness after a change of status. */
export interface KioskStatusFeedPayload {
  kioskId: number;
  status: KioskStatus;
  connected: boolean;
  reporting: boolean;
  peripheralsOk: boolean | null;
  canSell: SellCapability | null;
  /** ISO 8601, server clock. */
  at: string;
}

/** A reading in the shape of the state resource's `lastReading` (no attribution fields). */
export interface FeedReading {
  /** ISO 8601, the kiosk's clock. */
  timestamp: string;
  environmental: TelemetryReading['environmental'];
  hardware: TelemetryReading['hardware'];
  peripherals: TelemetryReading['peripherals'];
  location: TelemetryReading['location'];
  network: TelemetryReading['network'];
}

/** `kiosk_telemetry`: the newest reading of a kiosk, at most one per kiosk per second. */
export interface KioskTelemetryFeedPayload {
  kioskId: number;
  reading: FeedReading;
}

/** `command_updated`: any transition of a remote command, its issue included. */
export interface CommandUpdatedFeedPayload {
  id: string;
  kioskId: number;
  command: KioskCommandName;
  status: CommandStatus;
  /** ISO 8601, server clock. */
  at: string;
}

/** `alert_raised` / `alert_updated`: the alert resource. */
export type AlertFeedPayload = AlertView;
/** `payment_recorded`: the payment resource. */
export type PaymentFeedPayload = PaymentView;
/** `rollout_updated`: a rollout's status and wave progress after a change (admins only). */
export type RolloutFeedPayload = RolloutUpdatedPayload;

/** Event name → payload. */
export interface AdminFeedEvents {
  kiosk_status: KioskStatusFeedPayload;
  kiosk_telemetry: KioskTelemetryFeedPayload;
  command_updated: CommandUpdatedFeedPayload;
  alert_raised: AlertFeedPayload;
  alert_updated: AlertFeedPayload;
  payment_recorded: PaymentFeedPayload;
  rollout_updated: RolloutFeedPayload;
}
export type AdminFeedEventName = keyof AdminFeedEvents;

/** The same map as Socket.IO wants it (`Namespace<{}, AdminFeedServerEvents>`, `io<AdminFeedServerEvents>`). */
export type AdminFeedServerEvents = {
  [E in AdminFeedEventName]: (payload: AdminFeedEvents[E]) => void;
};

export const ADMIN_FEED_NAMESPACE = '/admin';

/**
 * Rooms of the `/admin` namespace. A kiosk's events go to `FEED_ALL` (admins) and to the kiosk's
 * room (its assignee), in one emit, so a socket in both gets them once. The user and session rooms
 * address a user's sockets on every instance: to move kiosk rooms on assignment, to disconnect.
 */
export const FEED_ALL = 'feed:all';
export const feedKioskRoom = (kioskId: number) => `feed:kiosk:${kioskId}`;
export const feedUserRoom = (userId: string) => `feed:user:${userId}`;
export const feedSessionRoom = (sessionId: string) => `feed:session:${sessionId}`;

/** The same shape as the state resource's `lastReading`: no attribution, no `extra`. */
export function readingView(r: TelemetryReading): FeedReading {
  return {
    timestamp: r.timestamp.toISOString(),
    environmental: r.environmental,
    hardware: r.hardware,
    peripherals: r.peripherals,
    location: r.location,
    network: r.network,
  };
}
