import type { Schema } from '@kiosk-fleet/sdk';

/**
 * The admin live feed's events (namespace `/admin`, CONTRACT §4 and §5 "Admin feed payloads";
 * `rollout_updated` from §8). Payloads are camelCase like REST, and alerts and payments are the REST
 * resources themselves.
 */
export type KioskDto = Schema<'KioskDto'>;
export type AlertDto = Schema<'AlertDto'>;
export type PaymentDto = Schema<'PaymentDto'>;
export type KioskStateDto = Schema<'KioskStateDto'>;
export type FeedReading = NonNullable<KioskStateDto['lastReading']>;

export interface KioskStatusEvent {
  kioskId: number;
  status: KioskDto['status'];
  connected: boolean;
  reporting: boolean;
  peripheralsOk: boolean | null;
  canSell: KioskDto['canSell'];
  /** ISO 8601, server clock. */
  at: string;
}

export interface KioskTelemetryEvent {
  kioskId: number;
  reading: FeedReading;
}

export interface CommandUpdatedEvent {
  id: string;
  kioskId: number;
  command: Schema<'KioskCommandName'>;
  status: Schema<'CommandStatus'>;
  /** ISO 8601, server clock. */
  at: string;
}

/**
 * `rollout_updated` (admins only): a rollout's status and waves after a change. Not the whole REST
 * resource: what holds the next wave (`heldBy`) comes only from `GET /rollouts/{id}`.
 */
export interface RolloutUpdatedEvent {
  id: string;
  name: string;
  status: Schema<'RolloutStatus'>;
  currentWave: number | null;
  waves: Schema<'RolloutWaveDto'>[];
  reason: string | null;
  /** ISO 8601, server clock. */
  at: string;
}

/** Event name → payload, as the server emits them. */
export interface FeedEventMap {
  kiosk_status: KioskStatusEvent;
  kiosk_telemetry: KioskTelemetryEvent;
  alert_raised: AlertDto;
  alert_updated: AlertDto;
  payment_recorded: PaymentDto;
  command_updated: CommandUpdatedEvent;
  rollout_updated: RolloutUpdatedEvent;
}

export type FeedEventName = keyof FeedEventMap;
export const FEED_EVENT_NAMES: readonly FeedEventName[] = [
  'kiosk_status',
  'kiosk_telemetry',
  'alert_raised',
  'alert_updated',
  'payment_recorded',
  'command_updated',
  'rollout_updated',
];

export type FeedEvent = { [E in FeedEventName]: { type: E; payload: FeedEventMap[E] } }[FeedEventName];

/**
 * The events of one animation frame, grouped by kind, in arrival order within each list. Merging a
 * whole frame at once is what keeps 2,000 events/s cheap: each cache entry is rewritten once per
 * frame, not once per event.
 */
export interface FeedBatch {
  /** Only the newest status of each kiosk (an older one in the same frame is already stale). */
  kioskStatus: KioskStatusEvent[];
  telemetry: KioskTelemetryEvent[];
  /** `alert_raised` and `alert_updated`, the newest payload of each alert. */
  alerts: AlertDto[];
  /** `payment_recorded` (sent again on each status/refund change), the newest payload of each payment. */
  payments: PaymentDto[];
  commands: CommandUpdatedEvent[];
  rollouts: FeedEventMap['rollout_updated'][];
}

export function emptyBatch(): FeedBatch {
  return { kioskStatus: [], telemetry: [], alerts: [], payments: [], commands: [], rollouts: [] };
}

export function batchSize(batch: FeedBatch): number {
  return (
    batch.kioskStatus.length +
    batch.telemetry.length +
    batch.alerts.length +
    batch.payments.length +
    batch.commands.length +
    batch.rollouts.length
  );
}

/** Last payload per key wins; the survivors keep the order of their last arrival. */
function newestBy<T>(items: readonly T[], key: (item: T) => string | number): T[] {
  const byKey = new Map<string | number, T>();
  for (const item of items) {
    const k = key(item);
    byKey.delete(k); // re-inserted at the end: order of last arrival
    byKey.set(k, item);
  }
  return [...byKey.values()];
}

/** Groups one frame's events (pure). */
export function coalesce(events: readonly FeedEvent[]): FeedBatch {
  const batch = emptyBatch();
  for (const event of events) {
    switch (event.type) {
      case 'kiosk_status':
        batch.kioskStatus.push(event.payload);
        break;
      case 'kiosk_telemetry':
        batch.telemetry.push(event.payload);
        break;
      case 'alert_raised':
      case 'alert_updated':
        batch.alerts.push(event.payload);
        break;
      case 'payment_recorded':
        batch.payments.push(event.payload);
        break;
      case 'command_updated':
        batch.commands.push(event.payload);
        break;
      case 'rollout_updated':
        batch.rollouts.push(event.payload);
        break;
    }
  }
  // Events of one kiosk arrive in order, but `at` decides when two instances' events interleave.
  const statusSorted = [...batch.kioskStatus].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  batch.kioskStatus = newestBy(statusSorted, (e) => e.kioskId);
  batch.alerts = newestBy(batch.alerts, (a) => a.id);
  batch.payments = newestBy(batch.payments, (p) => p.id);
  batch.rollouts = newestBy(batch.rollouts, (r) => r.id);
  return batch;
}
