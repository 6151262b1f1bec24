import type { FieldError } from '@app/core';
import {
  COMPARISON_OPS,
  ComparisonOp,
  Condition,
  EQUALITY_OPS,
  LIVENESS_KINDS,
  PAYMENT_METHODS,
  RATE_EVENTS,
  TELEMETRY_FIELDS,
} from './condition';

export type ConditionCheck = { ok: true; condition: Condition } | { ok: false; errors: FieldError[] };

const MAX_GROUP = 20;
const MAX_WINDOW_SEC = 86_400;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

function unknownKeys(o: Record<string, unknown>, allowed: readonly string[], at: string): FieldError[] {
  return Object.keys(o)
    .filter((k) => !allowed.includes(k))
    .map((k) => ({ field: `${at}.${k}`, message: `unknown property '${k}'` }));
}

function checkFieldClause(o: Record<string, unknown>, at: string): FieldError[] {
  const errors = unknownKeys(o, ['field', 'op', 'value'], at);
  const spec = typeof o.field === 'string' ? TELEMETRY_FIELDS[o.field] : undefined;
  if (typeof o.field !== 'string') errors.push({ field: `${at}.field`, message: 'field must be a string' });
  else if (!spec) {
    errors.push({
      field: `${at}.field`,
      message: `unknown field '${o.field}'; known: ${Object.keys(TELEMETRY_FIELDS).join(', ')}`,
    });
  }
  const op = o.op;
  if (typeof op !== 'string' || !(COMPARISON_OPS as readonly string[]).includes(op)) {
    errors.push({
      field: `${at}.op`,
      message: `unknown operator '${String(op)}'; known: ${COMPARISON_OPS.join(' ')}`,
    });
  } else if (spec?.kind === 'enum' && !EQUALITY_OPS.includes(op as ComparisonOp)) {
    errors.push({
      field: `${at}.op`,
      message: `operator '${op}' does not apply to '${String(o.field)}': use == or !=`,
    });
  }
  if (spec?.kind === 'number' && (typeof o.value !== 'number' || !Number.isFinite(o.value))) {
    errors.push({ field: `${at}.value`, message: `value of '${String(o.field)}' must be a number` });
  }
  if (spec?.kind === 'enum' && (typeof o.value !== 'string' || !spec.values.includes(o.value))) {
    errors.push({
      field: `${at}.value`,
      message: `unknown value '${String(o.value)}' for '${String(o.field)}'; known: ${spec.values.join(', ')}`,
    });
  }
  return errors;
}

function checkLivenessClause(o: Record<string, unknown>, at: string): FieldError[] {
  const errors = unknownKeys(o, ['liveness', 'forSeconds'], at);
  if (typeof o.liveness !== 'string' || !(LIVENESS_KINDS as readonly string[]).includes(o.liveness)) {
    errors.push({
      field: `${at}.liveness`,
      message: `unknown liveness '${String(o.liveness)}'; known: ${LIVENESS_KINDS.join(', ')}`,
    });
  }
  if (!isInt(o.forSeconds, 0, MAX_WINDOW_SEC)) {
    errors.push({ field: `${at}.forSeconds`, message: `forSeconds must be an integer 0…${MAX_WINDOW_SEC}` });
  }
  return errors;
}

function checkRateClause(o: Record<string, unknown>, at: string): FieldError[] {
  const errors = unknownKeys(o, ['event', 'method', 'count', 'withinSeconds'], at);
  if (typeof o.event !== 'string' || !(RATE_EVENTS as readonly string[]).includes(o.event)) {
    errors.push({
      field: `${at}.event`,
      message: `unknown event '${String(o.event)}'; known: ${RATE_EVENTS.join(', ')}`,
    });
  }
  if (o.method !== undefined && !(PAYMENT_METHODS as readonly unknown[]).includes(o.method)) {
    errors.push({
      field: `${at}.method`,
      message: `unknown method '${String(o.method)}'; known: ${PAYMENT_METHODS.join(', ')}`,
    });
  }
  if (!isInt(o.count, 1, 10_000))
    errors.push({ field: `${at}.count`, message: 'count must be an integer 1…10000' });
  if (!isInt(o.withinSeconds, 1, MAX_WINDOW_SEC)) {
    errors.push({
      field: `${at}.withinSeconds`,
      message: `withinSeconds must be an integer 1…${MAX_WINDOW_SEC}`,
    });
  }
  return errors;
}

function checkClause(v: unknown, at: string, grouped: boolean): FieldError[] {
  if (!isObject(v)) return [{ field: at, message: 'a clause must be an object' }];
  if ('field' in v || 'op' in v) return checkFieldClause(v, at);
  if ('liveness' in v || 'event' in v) {
    if (grouped) {
      return [{ field: at, message: 'liveness and rate clauses stand alone: they cannot be grouped' }];
    }
    return 'liveness' in v ? checkLivenessClause(v, at) : checkRateClause(v, at);
  }
  return [{ field: at, message: 'a clause has `field`/`op`/`value`, `liveness` or `event`' }];
}

/** Validates a rule condition as sent (any JSON): every problem is named with its path. */
export function validateCondition(input: unknown, at = 'condition'): ConditionCheck {
  let errors: FieldError[];
  if (isObject(input) && ('all' in input || 'any' in input)) {
    const key = 'all' in input ? 'all' : 'any';
    const list = input[key];
    errors = unknownKeys(input, [key], at);
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_GROUP) {
      errors.push({ field: `${at}.${key}`, message: `${key} must list 1…${MAX_GROUP} clauses` });
    } else {
      list.forEach((c, i) => errors.push(...checkClause(c, `${at}.${key}[${i}]`, true)));
    }
  } else {
    errors = checkClause(input, at, false);
  }
  return errors.length ? { ok: false, errors } : { ok: true, condition: input as Condition };
}
