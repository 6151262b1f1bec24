import type { AlertSeverity, AlertStatus, AlertType, AlertView, ExplanationTerm } from '@app/contracts';

/** An `alerts` row as raw SQL returns it (RETURNING *, SELECT *). */
export interface AlertRow {
  id: string;
  kiosk_id: number | null;
  rule_id: string | null;
  dedup_key: string;
  type: AlertType;
  severity: AlertSeverity;
  status: AlertStatus;
  muted: boolean;
  title: string;
  occurrences: number;
  first_seen_at: Date;
  last_seen_at: Date;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  resolved_reason: string | null;
  false_positive: boolean | null;
  explanation: ExplanationTerm[] | null;
  incident_id: string | null;
  member_kiosk_ids: number[] | null;
  details: Record<string, unknown> | null;
  escalation_level: number;
  flapping: boolean;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function alertView(r: AlertRow): AlertView {
  return {
    id: r.id,
    kioskId: r.kiosk_id,
    ruleId: r.rule_id,
    type: r.type,
    severity: r.severity,
    status: r.status,
    muted: r.muted,
    title: r.title,
    occurrences: r.occurrences,
    firstSeenAt: r.first_seen_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: iso(r.acknowledged_at),
    resolvedBy: r.resolved_by,
    resolvedAt: iso(r.resolved_at),
    falsePositive: r.false_positive,
    explanation: r.explanation,
    incidentId: r.incident_id,
  };
}

/** The columns every statement returning alerts selects (`a` being the alerts row). */
export const ALERT_COLUMNS = `a.id, a.kiosk_id, a.rule_id, a.dedup_key, a.type, a.severity, a.status, a.muted, a.title,
  a.occurrences, a.first_seen_at, a.last_seen_at, a.acknowledged_by, a.acknowledged_at, a.resolved_by,
  a.resolved_at, a.resolved_reason, a.false_positive, a.explanation, a.incident_id, a.member_kiosk_ids,
  a.details, a.escalation_level, a.flapping`;

export const SEVERITY_LADDER: readonly AlertSeverity[] = ['info', 'warning', 'major', 'critical'];
