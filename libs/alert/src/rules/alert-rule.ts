import type { AlertSeverity } from '@app/contracts';
import {
  alertTypeOf,
  Condition,
  isLivenessClause,
  isRateClause,
  LivenessClause,
  RateClause,
} from '../conditions/condition';
import type { RuleScope, ScopeKind } from '../conditions/rule-evaluator';

/** An `alert_rules` row as raw SQL returns it. */
export interface AlertRuleRow {
  id: string;
  name: string;
  severity: AlertSeverity;
  enabled: boolean;
  scope_kind: ScopeKind;
  scope_value: string | null;
  condition: Condition;
  for_seconds: number;
  created_at: Date;
  updated_at: Date;
}

export interface AlertRule {
  id: string;
  name: string;
  severity: AlertSeverity;
  enabled: boolean;
  scope: RuleScope;
  condition: Condition;
  forSeconds: number;
  type: ReturnType<typeof alertTypeOf>;
  createdAt: Date;
  updatedAt: Date;
}

export type LivenessRule = AlertRule & { condition: LivenessClause };
export type RateRule = AlertRule & { condition: RateClause };

export function toRule(r: AlertRuleRow): AlertRule {
  return {
    id: r.id,
    name: r.name,
    severity: r.severity,
    enabled: r.enabled,
    scope: { kind: r.scope_kind, value: r.scope_value },
    condition: r.condition,
    forSeconds: r.for_seconds,
    type: alertTypeOf(r.condition),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export const isLivenessRule = (r: AlertRule): r is LivenessRule => isLivenessClause(r.condition);
export const isRateRule = (r: AlertRule): r is RateRule => isRateClause(r.condition);
export const isTelemetryRule = (r: AlertRule) => !isLivenessRule(r) && !isRateRule(r);
