/**
 * The alert vocabulary other modules share: payments and the AI module raise alerts through
 * events, notifications, webhooks and the admin feed show alerts in this shape.
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

export type AlertChange = 'acknowledged' | 'resolved' | 'escalated' | 'unmuted' | 'reopened' | 'note_added';
