import { parse } from 'csv-parse/sync';
import { KioskFeatureExtractor } from '../features/feature-extractor';
import {
  FEATURE_COUNT,
  NUMERIC_FIELDS,
  PERIPHERAL_FIELDS,
  PERIPHERAL_STATES,
} from '../features/feature-spec';
import { FlatReading } from '../features/reading';
import { Dataset, DatasetBuilder } from './dataset';
import { parseLabel } from './labels';

/**
 * Labelled telemetry CSVs: the simulator's `--ground-truth out.csv` shape, which is also what
 * `POST /ai/datasets` takes. Required columns: the numeric feature fields, `timestamp` and `label`;
 * optional: `serial` (rows without one are one kiosk), the peripheral states, `sim_time` (the true
 * time when the kiosk's clock was off). Each row is validated on its own; bad rows are reported and
 * skipped, the rest are used.
 */
export const REQUIRED_COLUMNS = ['timestamp', ...NUMERIC_FIELDS, 'label'] as const;

/** Contract ranges (CONTRACT.md §5): a value outside them is a broken sensor or a broken file. */
export const FIELD_RANGES: Record<(typeof NUMERIC_FIELDS)[number], readonly [number, number]> = {
  temperature: [-40, 85],
  humidity: [0, 100],
  air_quality: [0, 500],
  cpu_temp: [-20, 120],
  cpu_usage: [0, 100],
  ram_usage: [0, 100],
  disk_usage: [0, 100],
  latency: [0, 60000],
  signal_strength: [-150, 0],
};

export interface CsvRowError {
  /** Line in the file (the header is line 1). */
  row: number;
  message: string;
}

export interface LabelledReading {
  serial: string;
  timestampMs: number;
  /** True time of the sample for label timing; the timestamp when the file has no `sim_time`. */
  trueTimeMs: number;
  reading: FlatReading;
  anomaly: boolean;
  faultMask: number;
}

export interface ParsedCsv {
  rows: LabelledReading[];
  /** Rows rejected (the first MAX_REPORTED_ERRORS of them are in `errors`). */
  rejected: number;
  errors: CsvRowError[];
}

const MAX_REPORTED_ERRORS = 1000;

function parseTime(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const t = text.trim();
  // Without a zone an ISO timestamp is UTC (CONTRACT.md §5), not the server's local time.
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t}Z`;
  const ms = Date.parse(withZone);
  return Number.isFinite(ms) ? ms : null;
}

/** One CSV record (header name → cell) checked against the contract; shared with the upload parser. */
export function validateRow(rec: Record<string, string>): { row: LabelledReading } | { error: string } {
  const problems: string[] = [];
  const reading = {} as FlatReading;
  for (const f of NUMERIC_FIELDS) {
    const text = (rec[f] ?? '').trim();
    const v = text === '' ? NaN : Number(text);
    const [lo, hi] = FIELD_RANGES[f];
    if (!Number.isFinite(v)) problems.push(`${f} must be a number`);
    else if (v < lo || v > hi) problems.push(`${f} ${v} is outside ${lo}…${hi}`);
    reading[f] = v;
  }
  for (const p of PERIPHERAL_FIELDS) {
    const text = (rec[p] ?? '').trim();
    if (text === '') reading[p] = null;
    else if (!(PERIPHERAL_STATES[p] as readonly string[]).includes(text)) {
      problems.push(`${p} "${text}" is not one of ${PERIPHERAL_STATES[p].join(', ')}`);
    } else reading[p] = text;
  }
  const ts = parseTime(rec.timestamp);
  if (ts === null) problems.push('timestamp must be an ISO 8601 date-time');
  const simTime = rec.sim_time === undefined || rec.sim_time.trim() === '' ? ts : parseTime(rec.sim_time);
  if (simTime === null && ts !== null) problems.push('sim_time must be an ISO 8601 date-time');
  const label = parseLabel(rec.label ?? '');
  if (label === null)
    problems.push(`label "${rec.label ?? ''}" is not normal, 0/1, true/false or a fault name`);
  if (problems.length > 0 || ts === null || simTime === null || label === null)
    return { error: problems.join('; ') };
  const serial = (rec.serial ?? '').trim() || 'csv';
  return {
    row: {
      serial,
      timestampMs: ts,
      trueTimeMs: simTime,
      reading,
      anomaly: label.anomaly,
      faultMask: label.mask,
    },
  };
}

/** Parses and validates every row; a missing required column rejects the whole file (row 1). */
export function parseDatasetCsv(text: string): ParsedCsv {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true, trim: false });
  } catch (err) {
    return {
      rows: [],
      rejected: 0,
      errors: [{ row: 1, message: `not a CSV file: ${(err as Error).message}` }],
    };
  }
  if (records.length === 0)
    return { rows: [], rejected: 0, errors: [{ row: 1, message: 'the file is empty' }] };
  const header = records[0].map((h) => h.trim());
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    return {
      rows: [],
      rejected: records.length - 1,
      errors: [{ row: 1, message: `missing column(s): ${missing.join(', ')}` }],
    };
  }
  const rows: LabelledReading[] = [];
  const errors: CsvRowError[] = [];
  let rejected = 0;
  for (let r = 1; r < records.length; r++) {
    const rec: Record<string, string> = {};
    header.forEach((h, i) => (rec[h] = records[r][i] ?? ''));
    const result = validateRow(rec);
    if ('row' in result) rows.push(result.row);
    else {
      rejected++;
      if (errors.length < MAX_REPORTED_ERRORS) errors.push({ row: r + 1, message: result.error });
    }
  }
  return { rows, rejected, errors };
}

/**
 * Feature rows for labelled readings: per kiosk in time order through the same extractor serving
 * uses. A fault's onset is where a run of faulty labels begins, so early-stage recall can be measured.
 */
export function datasetFromLabelledReadings(rows: readonly LabelledReading[]): Dataset {
  const ordered = rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) =>
      a.r.serial < b.r.serial
        ? -1
        : a.r.serial > b.r.serial
          ? 1
          : a.r.timestampMs - b.r.timestampMs || a.i - b.i,
    );
  const builder = new DatasetBuilder(ordered.length);
  const extractor = new KioskFeatureExtractor();
  let runStart = -1;
  let prevSerial: string | null = null;
  for (const { r } of ordered) {
    if (r.serial !== prevSerial) runStart = -1;
    prevSerial = r.serial;
    if (r.faultMask === 0) runStart = -1;
    else if (runStart < 0) runStart = r.trueTimeMs;
    const id = builder.kioskId(r.serial);
    const onset = r.faultMask === 0 ? -1 : (r.trueTimeMs - runStart) / 3_600_000;
    const row = builder.add(id, r.trueTimeMs, r.anomaly ? 1 : 0, r.faultMask, onset);
    extractor.push(id, r.reading, r.timestampMs, builder.rowBuffer(), row * FEATURE_COUNT);
  }
  return builder.build();
}

export function readCsvDataset(text: string): {
  dataset: Dataset;
  accepted: number;
  rejected: number;
  errors: CsvRowError[];
} {
  const parsed = parseDatasetCsv(text);
  const dataset = datasetFromLabelledReadings(parsed.rows);
  return { dataset, accepted: parsed.rows.length, rejected: parsed.rejected, errors: parsed.errors };
}
