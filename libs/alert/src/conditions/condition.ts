import {
  CARD_READER_STATUSES,
  CASH_ACCEPTOR_STATUSES,
  PAYMENT_METHODS,
  PaymentMethod,
  PRINTER_STATUSES,
  TelemetryReading,
} from '@app/contracts';

/**
 * The rule condition grammar of CONTRACT.md §6: one clause, or `{all: [clause…]}` / `{any: [clause…]}`.
 * Field clauses name the kiosk wire's paths (snake_case) and are evaluated on every reading;
 * liveness and rate clauses are evaluated on kiosk status changes and payment events, alone.
 */
export const COMPARISON_OPS = ['>', '>=', '<', '<=', '==', '!='] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];
export const EQUALITY_OPS: readonly ComparisonOp[] = ['==', '!='];

export interface FieldClause {
  field: string;
  op: ComparisonOp;
  value: number | string;
}
export interface LivenessClause {
  liveness: 'stale' | 'offline';
  forSeconds: number;
}
export interface RateClause {
  event: 'payment_failed';
  method?: PaymentMethod;
  count: number;
  withinSeconds: number;
}
export type Clause = FieldClause | LivenessClause | RateClause;
export type Condition = Clause | { all: FieldClause[] } | { any: FieldClause[] };

type NumericField = { kind: 'number'; read: (r: TelemetryReading) => number | undefined };
type EnumField = {
  kind: 'enum';
  values: readonly string[];
  read: (r: TelemetryReading) => string | undefined;
};
export type FieldSpec = NumericField | EnumField;

const num = (read: NumericField['read']): NumericField => ({ kind: 'number', read });

/** Every wire telemetry path a rule may name, and how to read it from a stored reading. */
export const TELEMETRY_FIELDS: Readonly<Record<string, FieldSpec>> = {
  'environmental.temperature': num((r) => r.environmental.temperature),
  'environmental.humidity': num((r) => r.environmental.humidity),
  'environmental.air_quality': num((r) => r.environmental.airQuality),
  'hardware.cpu_temp': num((r) => r.hardware.cpuTemp),
  'hardware.cpu_usage': num((r) => r.hardware.cpuUsage),
  'hardware.ram_usage': num((r) => r.hardware.ramUsage),
  'hardware.disk_usage': num((r) => r.hardware.diskUsage),
  'location.lat': num((r) => r.location.lat),
  'location.lng': num((r) => r.location.lng),
  'location.accuracy': num((r) => r.location.accuracy),
  'network.latency': num((r) => r.network.latency),
  'network.signal_strength': num((r) => r.network.signalStrength),
  'peripherals.printer_status': {
    kind: 'enum',
    values: PRINTER_STATUSES,
    read: (r) => r.peripherals.printerStatus,
  },
  'peripherals.cash_acceptor': {
    kind: 'enum',
    values: CASH_ACCEPTOR_STATUSES,
    read: (r) => r.peripherals.cashAcceptor,
  },
  'peripherals.card_reader': {
    kind: 'enum',
    values: CARD_READER_STATUSES,
    read: (r) => r.peripherals.cardReader,
  },
};

export const RATE_EVENTS = ['payment_failed'] as const;
export const LIVENESS_KINDS = ['stale', 'offline'] as const;
export { PAYMENT_METHODS };

export const isLivenessClause = (c: Condition): c is LivenessClause => 'liveness' in c;
export const isRateClause = (c: Condition): c is RateClause => 'event' in c;
export const isFieldClause = (c: Condition): c is FieldClause => 'field' in c;

/** The field clauses of a telemetry condition (one, or the members of its group). */
export function fieldClauses(c: Condition): FieldClause[] {
  if ('all' in c) return c.all;
  if ('any' in c) return c.any;
  return isFieldClause(c) ? [c] : [];
}

/** How an alert raised by this condition is typed: peripheral-only conditions are `peripheral`. */
export function alertTypeOf(c: Condition): 'threshold' | 'peripheral' | 'liveness' | 'rate' {
  if (isLivenessClause(c)) return 'liveness';
  if (isRateClause(c)) return 'rate';
  return fieldClauses(c).every((f) => TELEMETRY_FIELDS[f.field]?.kind === 'enum')
    ? 'peripheral'
    : 'threshold';
}

function compare(actual: number | string, op: ComparisonOp, expected: number | string): boolean {
  switch (op) {
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '==':
      return actual === expected;
    case '!=':
      return actual !== expected;
  }
}

/** A clause on a field the reading lacks (a peripheral the kiosk does not have) does not hold. */
export function clauseHolds(c: FieldClause, r: TelemetryReading): boolean {
  const actual = TELEMETRY_FIELDS[c.field]?.read(r);
  return actual !== undefined && compare(actual, c.op, c.value);
}

/** Whether a (validated) telemetry condition holds for one reading. */
export function conditionHolds(c: Condition, r: TelemetryReading): boolean {
  if ('all' in c) return c.all.every((f) => clauseHolds(f, r));
  if ('any' in c) return c.any.some((f) => clauseHolds(f, r));
  return isFieldClause(c) && clauseHolds(c, r);
}
