import { describe, expect, it } from 'vitest';
import { reading } from './fixtures';
import {
  appendReading,
  bucketColumns,
  maxScorePerBucket,
  parseAnomalyScores,
  readingColumns,
  type TelemetryBucket,
} from './telemetry-series';

describe('live telemetry buffer', () => {
  it('appends newer readings, drops repeats, and keeps the newest `max`', () => {
    let buf = appendReading([], reading('2026-12-07T10:00:00Z'), 3);
    buf = appendReading(buf, reading('2026-12-07T10:00:01Z'), 3);
    const same = appendReading(buf, reading('2026-12-07T10:00:01Z'), 3);
    expect(same).toBe(buf);
    buf = appendReading(buf, reading('2026-12-07T10:00:03Z'), 3);
    buf = appendReading(buf, reading('2026-12-07T10:00:02Z'), 3);
    expect(buf.map((r) => r.timestamp)).toEqual([
      '2026-12-07T10:00:01Z',
      '2026-12-07T10:00:02Z',
      '2026-12-07T10:00:03Z',
    ]);
  });

  it('turns readings into uPlot columns (x in seconds)', () => {
    const cols = readingColumns(
      [reading('2026-12-07T10:00:00Z', 50), reading('2026-12-07T10:00:05Z', 52)],
      ['cpuTemp', 'latency'],
    );
    expect(cols).toEqual([
      [Date.parse('2026-12-07T10:00:00Z') / 1000, Date.parse('2026-12-07T10:00:05Z') / 1000],
      [50, 52],
      [80, 80],
    ]);
  });
});

describe('history', () => {
  const agg = (avg: number) => ({ avg, min: avg - 1, max: avg + 1 });
  const bucket = (start: string, cpu: number): TelemetryBucket => ({
    bucketStart: start,
    count: 12,
    temperature: agg(24),
    humidity: agg(50),
    airQuality: agg(30),
    cpuTemp: agg(cpu),
    cpuUsage: agg(40),
    ramUsage: agg(60),
    diskUsage: agg(70),
    latency: agg(80),
    signalStrength: agg(-60),
  });

  it('charts the average and the maximum of each metric per bucket', () => {
    const cols = bucketColumns(
      [bucket('2026-12-07T10:00:00Z', 50), bucket('2026-12-07T10:01:00Z', 60)],
      ['cpuTemp'],
    );
    expect(cols.slice(1)).toEqual([
      [50, 60],
      [51, 61],
    ]);
  });

  it('reads anomaly scores from an NDJSON export and keeps the highest per bucket', () => {
    const ndjson = [
      JSON.stringify({ timestamp: '2026-12-07T10:00:10Z', anomalyScore: 0.1 }),
      JSON.stringify({ timestamp: '2026-12-07T10:00:50Z', anomalyScore: 0.8 }),
      JSON.stringify({ timestamp: '2026-12-07T10:01:10Z' }),
      JSON.stringify({ timestamp: '2026-12-07T10:02:10Z', anomalyScore: 0.3 }),
      '{"timestamp":"2026-12-07T10:03:00Z","anomalyScore":0.',
    ].join('\n');
    const scores = parseAnomalyScores(ndjson);
    expect(scores.map((s) => s.score)).toEqual([0.1, 0.8, 0.3]);
    const xs = ['10:00', '10:01', '10:02'].map((hm) => Date.parse(`2026-12-07T${hm}:00Z`) / 1000);
    expect(maxScorePerBucket(scores, xs, '1m')).toEqual([0.8, null, 0.3]);
  });
});
