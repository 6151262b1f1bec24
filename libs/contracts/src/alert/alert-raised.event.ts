import type { AlertView } from './alert';

/** A new alert was opened (not published while it is muted by a maintenance window). */
export class AlertRaisedEvent {
  constructor(readonly alert: AlertView) {}
}
