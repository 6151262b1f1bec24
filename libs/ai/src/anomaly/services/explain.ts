import type { ExplanationTerm } from '@app/contracts';
import {
  BASELINE_SIGNALS,
  FEATURES,
  FEATURE_COUNT,
  FlatReading,
  KioskFeatureState,
  PERIPHERAL_STATES,
  PeripheralField,
  featureIndex,
} from '@app/ml';

/**
 * Why a reading scored high, in terms a person knows: per reading field (cpu_temp, disk_usage,
 * printer_status, …), how much the anomaly logit drops when everything the model derives from that
 * field is put back to this kiosk's normal (its own baseline; the training mean for fields without
 * one; "ready" for peripherals; zero deviation, trend and jam rate). One extra batch of a dozen rows
 * per explained reading; for a linear model this is exactly its additive contribution.
 */
const FIELD_OF_SIGNAL: Record<string, string> = {
  log_latency: 'latency',
  cpu_temp_over_ambient: 'cpu_temp',
  cpu_heat_per_load: 'cpu_temp',
};

const UNIT: Record<string, string> = {
  temperature: ' °C',
  humidity: ' %',
  air_quality: ' AQI',
  cpu_temp: ' °C',
  cpu_usage: ' %',
  ram_usage: ' %',
  disk_usage: ' %',
  latency: ' ms',
  signal_strength: ' dBm',
};

const TOP_TERMS = 3;

function fieldOf(source: string): string {
  return FIELD_OF_SIGNAL[source] ?? source;
}

/** Feature columns grouped by the reading field they come from, in spec order. */
export const FIELD_GROUPS: ReadonlyMap<string, readonly number[]> = (() => {
  const groups = new Map<string, number[]>();
  FEATURES.forEach((f, j) => {
    const field = fieldOf(f.source);
    const list = groups.get(field) ?? [];
    list.push(j);
    groups.set(field, list);
  });
  return groups;
})();

/** The row with one field's columns set to what is normal for this kiosk. */
function neutralise(
  row: Float32Array,
  field: string,
  columns: readonly number[],
  state: KioskFeatureState | null,
  trainingMean: readonly number[],
  out: Float32Array,
  offset: number,
): void {
  out.set(row, offset);
  const peripheral = PERIPHERAL_STATES[field as PeripheralField] as readonly string[] | undefined;
  for (const j of columns) {
    const f = FEATURES[j];
    let v: number;
    if (f.kind === 'deviation' || f.kind === 'trend' || f.kind === 'rate') v = 0;
    else if (f.kind === 'one_hot') v = peripheral !== undefined && f.name === `${field}=ready` ? 1 : 0;
    else {
      const b = (BASELINE_SIGNALS as readonly string[]).indexOf(f.name);
      v = b >= 0 && state !== null ? state.baseline[b] : trainingMean[j];
    }
    out[offset + j] = v;
  }
}

const logit = (p: number): number => {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return Math.log(q / (1 - q));
};

function sigmaText(field: string, value: number, state: KioskFeatureState | null): string {
  if (state === null) return '';
  const b = (BASELINE_SIGNALS as readonly string[]).indexOf(field);
  if (b < 0) return '';
  const sd = Math.sqrt(state.variance[b]);
  if (!(sd > 1e-3)) return '';
  const z = (value - state.baseline[b]) / sd;
  return `, ${Math.abs(z).toFixed(1)}σ ${z >= 0 ? 'above' : 'below'} this kiosk's norm`;
}

function describe(
  field: string,
  reading: FlatReading,
  contribution: number,
  state: KioskFeatureState | null,
  row: Float32Array,
): { value: number; text: string } {
  const sign = contribution >= 0 ? '+' : '−';
  const c = `${sign}${Math.abs(contribution).toFixed(2)}`;
  if (field in PERIPHERAL_STATES) {
    const status = reading[field as PeripheralField] ?? 'not reported';
    const jams =
      field === 'printer_status'
        ? `, ${row[featureIndex('paper_jam_rate')].toFixed(1)} jams in the last hour`
        : '';
    return { value: status === 'ready' ? 0 : 1, text: `${field} ${status}${jams}, ${c}` };
  }
  const value = reading[field as keyof FlatReading] as number;
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return { value, text: `${field} ${shown}${UNIT[field] ?? ''}, ${c}${sigmaText(field, value, state)}` };
}

export async function explainReading(
  row: Float32Array,
  score: number,
  reading: FlatReading,
  state: KioskFeatureState | null,
  trainingMean: readonly number[],
  scoreRows: (X: Float32Array, n: number) => Promise<Float32Array>,
): Promise<ExplanationTerm[]> {
  const fields = [...FIELD_GROUPS.keys()];
  const X = new Float32Array(fields.length * FEATURE_COUNT);
  fields.forEach((field, k) =>
    neutralise(row, field, FIELD_GROUPS.get(field) ?? [], state, trainingMean, X, k * FEATURE_COUNT),
  );
  const scores = await scoreRows(X, fields.length);
  const base = logit(score);
  return fields
    .map((field, k) => ({ field, contribution: base - logit(scores[k]) }))
    .filter((t) => t.contribution > 0.01)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, TOP_TERMS)
    .map(({ field, contribution }) => ({
      feature: field,
      contribution: Math.round(contribution * 1000) / 1000,
      ...describe(field, reading, contribution, state, row),
    }));
}
