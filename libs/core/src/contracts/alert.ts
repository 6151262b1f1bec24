/**
 * Contracts between the alert module and the modules around it: payments and the AI module raise
 * alerts through events, notifications and the admin feed react to alert changes.
 */
export const ALERT_SEVERITIES = ['info', 'warning', 'major', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_TYPES = [
  'threshold',
  'peripheral',
  'liveness',
  'rate',
  'ai_anomaly',
  'site_incident',
  'cash_mismatch',
  'location_drift',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** One term of an explanation: why a reading looked anomalous, readable by a person. */
export interface ExplanationTerm {
  feature: string;
  value: number;
  contribution: number;
  text: string;
}

/** The alert resource of CONTRACT.md §6, as REST, the admin feed and webhooks show it. */
export interface AlertView {
  id: string;
  kioskId: number | null;
  ruleId: string | null;
  type: AlertType;
  severity: AlertSeverity;
  status: AlertStatus;
  muted: boolean;
  title: string;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  falsePositive: boolean | null;
  explanation: ExplanationTerm[] | null;
  incidentId: string | null;
}

/** A new alert was opened (not published while it is muted by a maintenance window). */
export class AlertRaisedEvent {
  constructor(readonly alert: AlertView) {}
}

export type AlertChange = 'acknowledged' | 'resolved' | 'escalated' | 'unmuted' | 'reopened' | 'note_added';

/** An alert changed in a way people care about (not every occurrence of an open alert). */
export class AlertUpdatedEvent {
  constructor(
    readonly alert: AlertView,
    readonly change: AlertChange,
  ) {}
}

/** The anomaly model scored a stored reading above its threshold; the alert module opens `ai_anomaly`. */
export class AnomalyDetectedEvent {
  constructor(
    readonly anomaly: {
      kioskId: number;
      /** The reading's own timestamp (kiosk clock). */
      readingAt: Date;
      score: number;
      threshold: number;
      modelVersion: string;
      explanation: ExplanationTerm[];
    },
  ) {}
}
