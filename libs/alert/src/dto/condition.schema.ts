import type { SchemaObject } from '@nestjs/swagger';
import {
  COMPARISON_OPS,
  LIVENESS_KINDS,
  PAYMENT_METHODS,
  RATE_EVENTS,
  TELEMETRY_FIELDS,
} from '../conditions/condition';

/*
 * The condition grammar of CONTRACT.md §6 as OpenAPI, with the limits of condition-validator.ts,
 * so the generated SDK types a condition as a union of closed objects instead of a free-form map.
 * The branches need disjoint required keys, so exactly one matches (`oneOf`).
 */
const MAX_GROUP = 20;
const MAX_WINDOW_SEC = 86_400;

const FIELD_CLAUSE: SchemaObject = {
  type: 'object',
  description: 'Compares a kiosk wire telemetry path; peripherals take `==`/`!=` and one of their statuses',
  properties: {
    field: { type: 'string', enum: Object.keys(TELEMETRY_FIELDS) },
    op: { type: 'string', enum: [...COMPARISON_OPS] },
    value: { oneOf: [{ type: 'number' }, { type: 'string' }] },
  },
  required: ['field', 'op', 'value'],
  additionalProperties: false,
};

const LIVENESS_CLAUSE: SchemaObject = {
  type: 'object',
  description: 'The kiosk has been stale/offline this long (stands alone)',
  properties: {
    liveness: { type: 'string', enum: [...LIVENESS_KINDS] },
    forSeconds: { type: 'integer', minimum: 0, maximum: MAX_WINDOW_SEC },
  },
  required: ['liveness', 'forSeconds'],
  additionalProperties: false,
};

const RATE_CLAUSE: SchemaObject = {
  type: 'object',
  description: 'At least `count` such events within the window (stands alone)',
  properties: {
    event: { type: 'string', enum: [...RATE_EVENTS] },
    method: { type: 'string', enum: [...PAYMENT_METHODS] },
    count: { type: 'integer', minimum: 1, maximum: 10_000 },
    withinSeconds: { type: 'integer', minimum: 1, maximum: MAX_WINDOW_SEC },
  },
  required: ['event', 'count', 'withinSeconds'],
  additionalProperties: false,
};

const group = (key: 'all' | 'any'): SchemaObject => ({
  type: 'object',
  properties: { [key]: { type: 'array', items: FIELD_CLAUSE, minItems: 1, maxItems: MAX_GROUP } },
  required: [key],
  additionalProperties: false,
});

/** One clause, or `{all: [field clause…]}` / `{any: [field clause…]}`. */
export const CONDITION_SCHEMA = {
  oneOf: [FIELD_CLAUSE, LIVENESS_CLAUSE, RATE_CLAUSE, group('all'), group('any')],
};
