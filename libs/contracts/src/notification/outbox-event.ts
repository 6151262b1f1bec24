import type { AlertChange, AlertView } from '../alert/alert';
import type { CommandStatus, KioskCommandName } from '../command/kiosk-command';
import type { KioskStatus } from '../kiosk/kiosk-status';
import type { PaymentView, RefundView } from '../payment/payment';
import type { RolloutUpdatedPayload } from '../rollout/rollout';
import type { NotificationEventType } from './notification-event-types';

/** `kiosk.offline` / `kiosk.online`: written by the kiosk module's liveness trigger on `kiosk_state`. */
export interface KioskLivenessWebhookData {
  kioskId: number;
  serial: string;
  name: string;
  location: { lat: number; lng: number; address: string | null };
  status: KioskStatus;
  previous: KioskStatus;
  connected: boolean;
  reporting: boolean;
  /** ISO 8601, server clock; null before the kiosk's first message. */
  lastSeenAt: string | null;
  /** ISO 8601, server clock. */
  at: string;
}

/** `command.updated`: written by the command module's trigger on each command transition. */
export interface CommandUpdatedWebhookData {
  id: string;
  kioskId: number;
  command: KioskCommandName;
  status: CommandStatus;
  previous: CommandStatus | null;
  detail: string | null;
  /** ISO 8601, server clock. */
  at: string;
}

/**
 * Event type → the webhook body's `data` (camelCase, JSON-ready), for every type integrators can
 * subscribe to. An outbox row's payload is this, whoever writes it.
 */
export interface OutboxPayloads {
  'alert.raised': AlertView;
  'alert.updated': AlertView & { change: AlertChange };
  'kiosk.offline': KioskLivenessWebhookData;
  'kiosk.online': KioskLivenessWebhookData;
  'command.updated': CommandUpdatedWebhookData;
  'payment.recorded': PaymentView;
  'payment.refunded': PaymentView & { refund: RefundView };
  /** Written by the rollout module with each status change and wave progress. */
  'rollout.updated': RolloutUpdatedPayload;
}

/** One event for the outside world, written in the same transaction as the change it announces. */
export type OutboxEvent = {
  [T in NotificationEventType]: {
    type: T;
    kioskId: number | null;
    occurredAt: Date;
    data: OutboxPayloads[T];
  };
}[NotificationEventType];
