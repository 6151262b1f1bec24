/**
 * The event types integrators subscribe webhooks to (CONTRACT.md §6). A module that changes state
 * worth telling the outside world writes an outbox row of one of these types in the same transaction
 * (see `writeOutbox` in @app/database); the notification module relays committed rows to Bull.
 */
export const NOTIFICATION_EVENT_TYPES = [
  'alert.raised',
  'alert.updated',
  'kiosk.offline',
  'kiosk.online',
  'command.updated',
  'payment.recorded',
  'payment.refunded',
  'rollout.updated',
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];
