import { Client, ClientBase } from 'pg';
import QueryStream from 'pg-query-stream';
import { KioskFeatureExtractor } from '../features/feature-extractor';
import { FEATURE_COUNT } from '../features/feature-spec';
import { FlatReading } from '../features/reading';
import { readCsvDataset } from './csv-dataset';
import { Dataset, DatasetBuilder, concatDatasets } from './dataset';

/**
 * Training rows from the fleet's own history: stored telemetry, labelled by what people decided
 * about alerts. A reading seen while an alert of its kiosk was open is
 * - anomalous when the alert was resolved as a real problem (`false_positive = false`),
 * - normal when it was resolved as a false positive (the hard negatives rules and models get wrong);
 * readings under no judged alert are taken as normal unless `onlyJudged` is set. Only alert types
 * about what the sensors read count (threshold, peripheral, ai_anomaly): an offline kiosk or a cash
 * mismatch says nothing about its readings.
 *
 * Alerts are stamped with server time, so readings are matched on `received_at`; features use the
 * kiosk's own `ts`, as serving does. Both are read through their owners' read models
 * (`telemetry_readings_v`, `alert_facts_v`): the AI module owns neither table.
 */
interface DatasetDatabase {
  connectionString?: string;
  /** An open connection to use instead (the worker passes one from its pool). */
  client?: ClientBase;
}

export interface DatabaseDatasetOptions extends DatasetDatabase {
  since?: Date;
  until?: Date;
  maxRows?: number;
  onlyJudged?: boolean;
}

export const LABEL_ALERT_TYPES = ['threshold', 'peripheral', 'ai_anomaly'] as const;

interface LabelWindow {
  fromMs: number;
  toMs: number;
  anomaly: boolean;
}

interface TelemetryRow {
  kiosk_id: number;
  ts: Date;
  received_at: Date;
  temperature: number;
  humidity: number;
  air_quality: number;
  cpu_temp: number;
  cpu_usage: number;
  ram_usage: number;
  disk_usage: number;
  latency: number;
  signal_strength: number;
  printer_status: string | null;
  cash_acceptor: string | null;
  card_reader: string | null;
}

async function loadLabelWindows(
  client: ClientBase,
  since: Date | null,
  until: Date | null,
): Promise<Map<number, LabelWindow[]>> {
  const res = await client.query<{ kiosk_id: number; from_at: Date; to_at: Date; false_positive: boolean }>(
    `SELECT kiosk_id, first_seen_at AS from_at, coalesce(last_seen_at, resolved_at) AS to_at, false_positive
       FROM alert_facts_v
      WHERE status = 'resolved' AND false_positive IS NOT NULL AND kiosk_id IS NOT NULL
        AND type = ANY($1::text[])
        AND ($2::timestamptz IS NULL OR coalesce(last_seen_at, resolved_at) >= $2)
        AND ($3::timestamptz IS NULL OR first_seen_at < $3)
      ORDER BY kiosk_id, first_seen_at`,
    [LABEL_ALERT_TYPES, since, until],
  );
  const byKiosk = new Map<number, LabelWindow[]>();
  for (const r of res.rows) {
    const list = byKiosk.get(r.kiosk_id) ?? [];
    list.push({ fromMs: r.from_at.getTime(), toMs: r.to_at.getTime(), anomaly: !r.false_positive });
    byKiosk.set(r.kiosk_id, list);
  }
  return byKiosk;
}

/** A judged real problem wins over a judged false positive when both cover the reading. */
function labelAt(
  windows: readonly LabelWindow[] | undefined,
  atMs: number,
): { judged: boolean; anomaly: boolean } {
  let judged = false;
  let anomaly = false;
  for (const w of windows ?? []) {
    if (w.fromMs > atMs) break;
    if (atMs <= w.toMs) {
      judged = true;
      anomaly = anomaly || w.anomaly;
    }
  }
  return { judged, anomaly };
}

export async function buildDatabaseDataset(opts: DatabaseDatasetOptions): Promise<Dataset> {
  let owned: Client | null = null;
  let client: ClientBase;
  if (opts.client !== undefined) client = opts.client;
  else {
    owned = new Client({ connectionString: opts.connectionString });
    await owned.connect();
    client = owned;
  }
  try {
    const windows = await loadLabelWindows(client, opts.since ?? null, opts.until ?? null);
    const builder = new DatasetBuilder(64 * 1024);
    const extractor = new KioskFeatureExtractor();
    const stream = client.query(
      new QueryStream(
        `SELECT kiosk_id, ts, received_at, temperature, humidity, air_quality, cpu_temp, cpu_usage, ram_usage,
                disk_usage, latency, signal_strength, printer_status, cash_acceptor, card_reader
           FROM telemetry_readings_v
          WHERE ($1::timestamptz IS NULL OR ts >= $1) AND ($2::timestamptz IS NULL OR ts < $2)
          ORDER BY kiosk_id, ts, id
          LIMIT $3`,
        [opts.since ?? null, opts.until ?? null, opts.maxRows ?? 5_000_000],
        { batchSize: 5000 },
      ),
    );
    let onsetMs = -1;
    let lastKiosk = -1;
    for await (const raw of stream) {
      const r = raw as TelemetryRow;
      if (r.kiosk_id !== lastKiosk) onsetMs = -1;
      lastKiosk = r.kiosk_id;
      const receivedMs = r.received_at.getTime();
      const label = labelAt(windows.get(r.kiosk_id), receivedMs);
      const reading: FlatReading = r;
      const id = builder.kioskId(String(r.kiosk_id));
      if (opts.onlyJudged === true && !label.judged) {
        // Still advances the kiosk's baselines, exactly as serving saw this reading.
        extractor.push(id, reading, r.ts.getTime(), new Float32Array(FEATURE_COUNT));
        continue;
      }
      if (!label.anomaly) onsetMs = -1;
      else if (onsetMs < 0) onsetMs = receivedMs;
      const row = builder.add(
        id,
        receivedMs,
        label.anomaly ? 1 : 0,
        0,
        label.anomaly ? (receivedMs - onsetMs) / 3_600_000 : -1,
      );
      extractor.push(id, reading, r.ts.getTime(), builder.rowBuffer(), row * FEATURE_COUNT);
    }
    return builder.build();
  } finally {
    await owned?.end();
  }
}

/**
 * Datasets uploaded through `POST /ai/datasets` (their accepted rows, stored as CSV), as one
 * dataset; kiosk keys are prefixed with the upload's id so two files never share a baseline.
 */
export async function buildUploadedDataset(
  opts: Pick<DatasetDatabase, 'connectionString' | 'client'>,
): Promise<Dataset> {
  let owned: Client | null = null;
  let client: ClientBase;
  if (opts.client !== undefined) client = opts.client;
  else {
    owned = new Client({ connectionString: opts.connectionString });
    await owned.connect();
    client = owned;
  }
  try {
    const res = await client.query<{ id: string; csv: string }>(
      `SELECT id, csv FROM ai_datasets ORDER BY created_at, id`,
    );
    const parts = res.rows.map((r) => {
      const ds = readCsvDataset(r.csv).dataset;
      return { ...ds, kioskKeys: ds.kioskKeys.map((k) => `upload:${r.id}:${k}`) };
    });
    return concatDatasets(parts);
  } finally {
    await owned?.end();
  }
}
