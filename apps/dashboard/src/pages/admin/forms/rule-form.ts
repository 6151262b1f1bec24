import type { Schema } from '@kiosk-fleet/sdk';
import {
  conditionValues,
  EQUALITY_OPS,
  FIELD_VALUES,
  emptyCondition,
  toCondition,
  type ConditionValues,
} from './condition';
import type { ApiFieldMapper } from './field-errors';
import {
  finiteNumber,
  integerBetween,
  KIOSK_TAG,
  kioskId,
  lengthBetween,
  validationMessage,
  type FieldErrors,
} from './rules';
import type { Severity } from './policy-form';

export type AlertRule = Schema<'AlertRuleDto'>;
export type ScopeKind = Schema<'RuleScopeDto'>['kind'];
export const SCOPE_KINDS: readonly ScopeKind[] = ['all', 'tag', 'kiosk'];

export interface RuleValues extends ConditionValues {
  name: string;
  severity: Severity;
  enabled: boolean;
  scopeKind: ScopeKind;
  scopeValue: string;
  /** Telemetry rules: how long the condition must hold before an alert opens. */
  forSeconds: string;
}

type ClauseField = `clauses.${number}.${'field' | 'op' | 'value'}`;
export type RuleField =
  | 'name'
  | 'severity'
  | 'enabled'
  | 'scopeKind'
  | 'scopeValue'
  | 'forSeconds'
  | 'clauses'
  | ClauseField
  | 'liveness'
  | 'livenessForSeconds'
  | 'rateMethod'
  | 'rateCount'
  | 'rateWithinSeconds';

/** The rule limits of the API (alert-rule.dto.ts, condition-validator.ts). */
const MAX_CLAUSES = 20;
const MAX_WINDOW_SEC = 86_400;

export const emptyRule = (): RuleValues => ({
  name: '',
  severity: 'major',
  enabled: true,
  scopeKind: 'all',
  scopeValue: '',
  forSeconds: '0',
  ...emptyCondition(),
});

export const ruleValues = (r: AlertRule): RuleValues => ({
  name: r.name,
  severity: r.severity,
  enabled: r.enabled,
  scopeKind: r.scope.kind,
  scopeValue: r.scope.value === undefined ? '' : String(r.scope.value),
  forSeconds: String(r.forSeconds),
  ...conditionValues(r.condition),
});

function validateClauses(v: RuleValues, errors: FieldErrors<RuleField>): void {
  if (v.clauses.length === 0 || v.clauses.length > MAX_CLAUSES) {
    errors.clauses = validationMessage('clauseCount', { max: MAX_CLAUSES });
  }
  v.clauses.forEach((c, i) => {
    const values = FIELD_VALUES[c.field];
    if (values === 'number') {
      const problem = finiteNumber(c.value);
      if (problem) errors[`clauses.${i}.value`] = problem;
    } else {
      if (!EQUALITY_OPS.includes(c.op)) errors[`clauses.${i}.op`] = validationMessage('equalityOnly');
      if (!values.includes(c.value)) errors[`clauses.${i}.value`] = validationMessage('required');
    }
  });
}

export function validateRule(v: RuleValues): FieldErrors<RuleField> {
  const errors: FieldErrors<RuleField> = {};
  const name = lengthBetween(v.name.trim(), 1, 200);
  if (name) errors.name = name;
  if (v.scopeKind === 'tag' && !KIOSK_TAG.test(v.scopeValue.trim())) {
    errors.scopeValue = validationMessage('kioskTag', { value: v.scopeValue.trim() });
  }
  if (v.scopeKind === 'kiosk') {
    const problem = kioskId(v.scopeValue);
    if (problem) errors.scopeValue = problem;
  }
  const check = (field: RuleField, raw: string, min: number, max: number) => {
    const problem = integerBetween(raw, min, max);
    if (problem) errors[field] = problem;
  };
  switch (v.conditionKind) {
    case 'telemetry':
      validateClauses(v, errors);
      check('forSeconds', v.forSeconds, 0, MAX_WINDOW_SEC);
      break;
    case 'liveness':
      check('livenessForSeconds', v.livenessForSeconds, 0, MAX_WINDOW_SEC);
      break;
    case 'rate':
      check('rateCount', v.rateCount, 1, 10_000);
      check('rateWithinSeconds', v.rateWithinSeconds, 1, MAX_WINDOW_SEC);
      break;
  }
  return errors;
}

const scopeOf = (v: RuleValues): Schema<'RuleScopeDto'> => {
  if (v.scopeKind === 'all') return { kind: 'all' };
  const value = v.scopeValue.trim();
  return { kind: v.scopeKind, value: v.scopeKind === 'kiosk' ? Number(value) : value };
};

/** Liveness and rate clauses carry their own window: the rule's forSeconds must stay 0 for them. */
const forSecondsOf = (v: RuleValues) => (v.conditionKind === 'telemetry' ? Number(v.forSeconds) : 0);

export function createRuleBody(v: RuleValues): Schema<'CreateAlertRuleDto'> {
  return {
    name: v.name.trim(),
    severity: v.severity,
    enabled: v.enabled,
    scope: scopeOf(v),
    condition: toCondition(v),
    forSeconds: forSecondsOf(v),
  };
}

/** JSON with sorted keys, so a condition the server stored in another key order compares equal. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Only what changed: changing a rule's condition, scope or duration resolves its open alerts
 * (PATCH /alert-rules/{id}), so an edit of the name alone must not send them.
 */
export function updateRuleBody(rule: AlertRule, v: RuleValues): Schema<'UpdateAlertRuleDto'> {
  const next = createRuleBody(v);
  const body: Schema<'UpdateAlertRuleDto'> = {};
  if (next.name !== rule.name) body.name = next.name;
  if (next.severity !== rule.severity) body.severity = next.severity;
  if (next.enabled !== rule.enabled) body.enabled = next.enabled;
  if (stableJson(next.scope) !== stableJson(rule.scope)) body.scope = next.scope;
  if (stableJson(next.condition) !== stableJson(rule.condition)) body.condition = next.condition;
  if (next.forSeconds !== rule.forSeconds) body.forSeconds = next.forSeconds;
  return body;
}

const CONDITION_PROPS: Record<string, RuleField> = {
  liveness: 'liveness',
  forSeconds: 'livenessForSeconds',
  method: 'rateMethod',
  count: 'rateCount',
  withinSeconds: 'rateWithinSeconds',
};

/** `condition.all[2].op` → `clauses.2.op`, `condition.count` → `rateCount`, `scope.value` → `scopeValue`. */
export const ruleFieldOf: ApiFieldMapper<RuleField> = (apiField) => {
  const clause = /^condition(?:\.(?:all|any)\[(\d+)\])?\.(field|op|value)$/.exec(apiField);
  if (clause) return `clauses.${Number(clause[1] ?? 0)}.${clause[2] as 'field' | 'op' | 'value'}`;
  const prop = /^condition\.(\w+)$/.exec(apiField)?.[1];
  if (prop) return CONDITION_PROPS[prop] ?? 'clauses';
  if (apiField.startsWith('condition')) return 'clauses';
  if (apiField === 'scope.kind') return 'scopeKind';
  if (apiField.startsWith('scope')) return 'scopeValue';
  const direct: readonly RuleField[] = ['name', 'severity', 'enabled', 'forSeconds'];
  return direct.find((f) => f === apiField) ?? null;
};
