import type { Schema } from '@kiosk-fleet/sdk';

/**
 * The alert rule condition grammar (CONTRACT §6) as the dashboard edits it: a form model that a
 * person fills in, and the conversions to and from the API's condition object.
 */
export type Condition = Schema<'CreateAlertRuleDto'>['condition'];
type FieldClause = Extract<Condition, { field: string }>;
export type TelemetryField = FieldClause['field'];
export type ComparisonOp = FieldClause['op'];
export type PaymentMethod = NonNullable<Extract<Condition, { event: string }>['method']>;

export const COMPARISON_OPS: readonly ComparisonOp[] = ['>', '>=', '<', '<=', '==', '!='];
export const EQUALITY_OPS: readonly ComparisonOp[] = ['==', '!='];
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['cash', 'card', 'qr'];

/** Numeric readings take any comparison; peripherals take ==/!= and one of their states. */
export const FIELD_VALUES: Readonly<Record<TelemetryField, readonly string[] | 'number'>> = {
  'environmental.temperature': 'number',
  'environmental.humidity': 'number',
  'environmental.air_quality': 'number',
  'hardware.cpu_temp': 'number',
  'hardware.cpu_usage': 'number',
  'hardware.ram_usage': 'number',
  'hardware.disk_usage': 'number',
  'location.lat': 'number',
  'location.lng': 'number',
  'location.accuracy': 'number',
  'network.latency': 'number',
  'network.signal_strength': 'number',
  'peripherals.printer_status': ['ready', 'low_ink', 'paper_jam', 'offline'],
  'peripherals.cash_acceptor': ['ready', 'full', 'error'],
  'peripherals.card_reader': ['ready', 'error'],
};
export const TELEMETRY_FIELDS = Object.keys(FIELD_VALUES) as TelemetryField[];

export type ConditionKind = 'telemetry' | 'liveness' | 'rate';

export interface ClauseValues {
  field: TelemetryField;
  op: ComparisonOp;
  /** As typed (numbers) or chosen (peripheral states). */
  value: string;
}

export interface ConditionValues {
  conditionKind: ConditionKind;
  /** How several telemetry clauses combine. */
  combinator: 'all' | 'any';
  clauses: ClauseValues[];
  liveness: 'stale' | 'offline';
  livenessForSeconds: string;
  /** Empty: failures of any method count. */
  rateMethod: PaymentMethod | '';
  rateCount: string;
  rateWithinSeconds: string;
}

export const newClause = (): ClauseValues => ({ field: 'hardware.cpu_temp', op: '>', value: '' });

export const emptyCondition = (): ConditionValues => ({
  conditionKind: 'telemetry',
  combinator: 'all',
  clauses: [newClause()],
  liveness: 'offline',
  livenessForSeconds: '300',
  rateMethod: '',
  rateCount: '3',
  rateWithinSeconds: '600',
});

/** A clause whose field changed kind keeps a valid operator and drops a value of the other kind. */
export function withField(clause: ClauseValues, field: TelemetryField): ClauseValues {
  const values = FIELD_VALUES[field];
  if (values === 'number') {
    return { field, op: clause.op, value: FIELD_VALUES[clause.field] === 'number' ? clause.value : '' };
  }
  return {
    field,
    op: EQUALITY_OPS.includes(clause.op) ? clause.op : '==',
    value: values.includes(clause.value) ? clause.value : (values[0] ?? ''),
  };
}

const clauseOf = (c: ClauseValues): FieldClause => ({
  field: c.field,
  op: c.op,
  value: FIELD_VALUES[c.field] === 'number' ? Number(c.value) : c.value,
});

export function toCondition(v: ConditionValues): Condition {
  switch (v.conditionKind) {
    case 'liveness':
      return { liveness: v.liveness, forSeconds: Number(v.livenessForSeconds) };
    case 'rate':
      return {
        event: 'payment_failed',
        ...(v.rateMethod !== '' ? { method: v.rateMethod } : {}),
        count: Number(v.rateCount),
        withinSeconds: Number(v.rateWithinSeconds),
      };
    case 'telemetry': {
      const clauses = v.clauses.map(clauseOf);
      if (clauses.length === 1 && clauses[0]) return clauses[0];
      return v.combinator === 'all' ? { all: clauses } : { any: clauses };
    }
  }
}

const clauseValues = (c: FieldClause): ClauseValues => ({ field: c.field, op: c.op, value: String(c.value) });

export function conditionValues(c: Condition): ConditionValues {
  const base = emptyCondition();
  if ('liveness' in c) {
    return {
      ...base,
      conditionKind: 'liveness',
      liveness: c.liveness,
      livenessForSeconds: String(c.forSeconds),
    };
  }
  if ('event' in c) {
    return {
      ...base,
      conditionKind: 'rate',
      rateMethod: c.method ?? '',
      rateCount: String(c.count),
      rateWithinSeconds: String(c.withinSeconds),
    };
  }
  if ('all' in c) return { ...base, combinator: 'all', clauses: c.all.map(clauseValues) };
  if ('any' in c) return { ...base, combinator: 'any', clauses: c.any.map(clauseValues) };
  return { ...base, clauses: [clauseValues(c)] };
}

/** Only telemetry rules replay stored readings; the backtest answers 422 for the others. */
export const isTelemetryCondition = (c: Condition): boolean => !('liveness' in c) && !('event' in c);
