import type { AlertChange, AlertView } from './alert';

/** An alert changed in a way people care about (not every occurrence of an open alert). */
export class AlertUpdatedEvent {
  constructor(
    readonly alert: AlertView,
    readonly change: AlertChange,
  ) {}
}
