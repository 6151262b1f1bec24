import type { Schema } from '@kiosk-fleet/sdk';
import type { FeedReading } from './live-merge';

export type TelemetryBucket = Schema<'TelemetryBucketDto'>;
export type Bucket = '1m' | '1h' | '1d';

/** Columns as uPlot takes them: x in unix seconds, then one array per series (null = gap). */
export type Columns = [number[], ...(number | null)[][]];

export type MetricKey =
  | 'temperature'
  | 'humidity'
  | 'airQuality'
  | 'cpuTemp'
  | 'cpuUsage'
  | 'ramUsage'
  | 'diskUsage'
  | 'latency'
  | 'signalStrength';

const READ: Record<MetricKey, (r: FeedReading) => number> = {
  temperature: (r) => r.environmental.temperature,
  humidity: (r) => r.environmental.humidity,
  airQuality: (r) => r.environmental.airQuality,
  cpuTemp: (r) => r.hardware.cpuTemp,
  cpuUsage: (r) => r.hardware.cpuUsage,
  ramUsage: (r) => r.hardware.ramUsage,
  diskUsage: (r) => r.hardware.diskUsage,
  latency: (r) => r.network.latency,
  signalStrength: (r) => r.network.signalStrength,
};

/** The charts of the kiosk page: metrics that share a unit share a chart. */
export const CHART_GROUPS: readonly { key: string; unit: string; metrics: readonly MetricKey[] }[] = [
  { key: 'temperatures', unit: '°C', metrics: ['temperature', 'cpuTemp'] },
  { key: 'usage', unit: '%', metrics: ['cpuUsage', 'ramUsage', 'diskUsage'] },
  { key: 'network', unit: 'ms', metrics: ['latency'] },
  { key: 'environment', unit: '', metrics: ['humidity', 'airQuality'] },
];

export interface HistoryRange {
  key: '1h' | '6h' | '24h' | '7d' | '30d' | '1y';
  ms: number;
  bucket: Bucket;
  /** The anomaly score is read from the raw export, so only over ranges short enough to stream. */
  withAnomaly: boolean;
}

const H = 3600_000;
export const HISTORY_RANGES: readonly HistoryRange[] = [
  { key: '1h', ms: H, bucket: '1m', withAnomaly: true },
  { key: '6h', ms: 6 * H, bucket: '1m', withAnomaly: true },
  { key: '24h', ms: 24 * H, bucket: '1m', withAnomaly: false },
  { key: '7d', ms: 7 * 24 * H, bucket: '1h', withAnomaly: false },
  { key: '30d', ms: 30 * 24 * H, bucket: '1h', withAnomaly: false },
  { key: '1y', ms: 365 * 24 * H, bucket: '1d', withAnomaly: false },
];

export const BUCKET_MS: Record<Bucket, number> = { '1m': 60_000, '1h': H, '1d': 24 * H };

/** The newest readings of the live chart, oldest first, at most `max`; a reading seen twice is kept once. */
export function appendReading(
  buffer: readonly FeedReading[],
  reading: FeedReading,
  max: number,
): FeedReading[] {
  const t = Date.parse(reading.timestamp);
  const last = buffer[buffer.length - 1];
  let out: FeedReading[];
  if (!last || Date.parse(last.timestamp) < t) {
    out = [...buffer, reading];
  } else {
    if (buffer.some((r) => Date.parse(r.timestamp) === t)) return buffer as FeedReading[];
    // Late reading (a kiosk flushing its outbox after a reconnect): insert in time order.
    out = [...buffer, reading].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  }
  return out.length > max ? out.slice(out.length - max) : out;
}

export function readingColumns(readings: readonly FeedReading[], metrics: readonly MetricKey[]): Columns {
  return [
    readings.map((r) => Date.parse(r.timestamp) / 1000),
    ...metrics.map((m) => readings.map((r) => READ[m](r))),
  ];
}

/** Buckets as columns: the average of each metric, then its maximum (the spikes an average hides). */
export function bucketColumns(buckets: readonly TelemetryBucket[], metrics: readonly MetricKey[]): Columns {
  return [
    buckets.map((b) => Date.parse(b.bucketStart) / 1000),
    ...metrics.map((m) => buckets.map((b) => b[m].avg)),
    ...metrics.map((m) => buckets.map((b) => b[m].max)),
  ];
}

export interface ScoredPoint {
  t: number;
  score: number;
}

/**
 * The anomaly scores in an NDJSON telemetry export (`anomalyScore` is present only on readings the
 * model scored). Lines that are not JSON objects — a response cut short mid-line — are skipped.
 */
export function parseAnomalyScores(ndjson: string): ScoredPoint[] {
  const out: ScoredPoint[] = [];
  for (const line of ndjson.split('\n')) {
    if (!line.includes('anomalyScore')) continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof row !== 'object' || row === null) continue;
    const { timestamp, anomalyScore } = row as { timestamp?: unknown; anomalyScore?: unknown };
    if (typeof timestamp === 'string' && typeof anomalyScore === 'number') {
      out.push({ t: Date.parse(timestamp), score: anomalyScore });
    }
  }
  return out;
}

/** The highest score within each bucket, aligned on the buckets' x values (null where none was scored). */
export function maxScorePerBucket(
  points: readonly ScoredPoint[],
  xs: readonly number[],
  bucket: Bucket,
): (number | null)[] {
  const size = BUCKET_MS[bucket];
  const max = new Map<number, number>();
  for (const p of points) {
    const start = Math.floor(p.t / size) * size;
    max.set(start, Math.max(max.get(start) ?? Number.NEGATIVE_INFINITY, p.score));
  }
  return xs.map((x) => max.get(x * 1000) ?? null);
}
