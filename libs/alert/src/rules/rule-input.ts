import { FieldError } from '@app/core';
import { AlertSeverity } from '@app/contracts';
import { alertTypeOf, Condition } from '../conditions/condition';
import { validateCondition } from '../conditions/condition-validator';
import type { ScopeKind } from '../conditions/rule-evaluator';

const TAG = /^[A-Za-z0-9._:/-]{1,40}$/;

/** A rule as an admin sends it (create, or an update merged onto the stored rule). */
export interface RuleInput {
  name: string;
  severity: AlertSeverity;
  enabled: boolean;
  scope: { kind: ScopeKind; value?: string | number | null };
  condition: unknown;
  forSeconds: number;
}

export interface ValidRule {
  name: string;
  severity: AlertSeverity;
  enabled: boolean;
  scopeKind: ScopeKind;
  scopeValue: string | null;
  condition: Condition;
  forSeconds: number;
}

/**
 * Checks a rule as a whole: its condition grammar, its scope (the kiosk must exist, which
 * `kioskExists` answers) and its duration.
 */
export async function validateRule(
  kioskExists: (kioskId: number) => Promise<boolean>,
  input: RuleInput,
): Promise<{ rule: ValidRule; errors: [] } | { rule: null; errors: FieldError[] }> {
  const errors: FieldError[] = [];
  const checked = validateCondition(input.condition);
  if (!checked.ok) errors.push(...checked.errors);
  const { kind, value } = input.scope;
  let scopeValue: string | null = null;
  if (kind === 'all') {
    if (value !== undefined && value !== null) {
      errors.push({ field: 'scope.value', message: 'scope `all` takes no value' });
    }
  } else if (kind === 'tag') {
    if (typeof value !== 'string' || !TAG.test(value)) {
      errors.push({ field: 'scope.value', message: 'a tag: 1-40 letters, digits or . _ : / -' });
    } else scopeValue = value;
  } else {
    const id =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value)
          ? Number(value)
          : NaN;
    if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) {
      errors.push({ field: 'scope.value', message: 'a kiosk id (positive integer)' });
    } else {
      if (!(await kioskExists(id))) errors.push({ field: 'scope.value', message: `unknown kiosk ${id}` });
      scopeValue = String(id);
    }
  }
  if (checked.ok && input.forSeconds > 0 && ['liveness', 'rate'].includes(alertTypeOf(checked.condition))) {
    errors.push({
      field: 'forSeconds',
      message: 'liveness and rate clauses carry their own window (forSeconds / withinSeconds in the clause)',
    });
  }
  if (errors.length || !checked.ok) return { rule: null, errors };
  return {
    rule: {
      name: input.name,
      severity: input.severity,
      enabled: input.enabled,
      scopeKind: kind,
      scopeValue,
      condition: checked.condition,
      forSeconds: input.forSeconds,
    },
    errors: [],
  };
}
