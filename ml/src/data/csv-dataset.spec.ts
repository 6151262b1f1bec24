import {
  DEFAULT_SITES,
  SeededRng,
  createProfile,
  csvHeader,
  formatGroundTruth,
  generateSeries,
  toUpdatePayload,
} from '@app/kiosk-signals';
import { featureIndex } from '../features/feature-spec';
import { TELEMETRY_FAULTS } from './labels';
import { parseDatasetCsv, readCsvDataset } from './csv-dataset';

const HEADER =
  'timestamp,serial,temperature,humidity,air_quality,cpu_temp,cpu_usage,ram_usage,disk_usage,printer_status,cash_acceptor,card_reader,latency,signal_strength,label';

describe('labelled CSV datasets', () => {
  it('reads the simulator ground-truth CSV as-is, with fault labels and onsets', () => {
    const profile = createProfile('SIM-CSV-00001', DEFAULT_SITES[4], new SeededRng('csv'));
    const start = Date.UTC(2026, 5, 1);
    let text = csvHeader();
    for (const step of generateSeries({
      profile,
      startMs: start,
      endMs: start + 6 * 3600_000,
      stepSec: 60,
      seed: 'csv',
      windows: [{ name: 'disk_fill', startMs: start + 3 * 3600_000, endMs: null }],
    })) {
      text += formatGroundTruth('csv', {
        serial: profile.serial,
        seq: step.seq,
        simMs: step.simMs,
        label: step.label,
        payload: toUpdatePayload(step, profile.serial, step.seq),
      });
    }
    const { dataset, accepted, rejected } = readCsvDataset(text);
    expect(rejected).toBe(0);
    expect(accepted).toBe(361);
    expect(dataset.nRows).toBe(361);
    const positives = Array.from(dataset.y).reduce((a, b) => a + b, 0);
    expect(positives).toBe(181); // minutes 180…360 inclusive
    const diskBit = 1 << TELEMETRY_FAULTS.indexOf('disk_fill');
    const last = dataset.nRows - 1;
    expect(dataset.faultMask[last] & diskBit).toBe(diskBit);
    expect(dataset.onsetHours[last]).toBeCloseTo(3, 5);
    // The disk has been filling for hours: the per-kiosk trend feature sees it.
    expect(dataset.X[last * dataset.nFeatures + featureIndex('disk_usage_trend')]).toBeGreaterThan(3);
  });

  it('rejects bad rows one by one with their line and reason, and keeps the good ones', () => {
    const good = '2026-11-25T10:00:00Z,K1,24,50,30,55,40,60,70,ready,ready,ready,80,-60,normal';
    const lines = [
      HEADER,
      good,
      '2026-11-25T10:00:05Z,K1,24,50,30,"hot",40,60,70,ready,ready,ready,80,-60,normal',
      '2026-11-25T10:00:10Z,K1,24,50,30,55,140,60,70,ready,ready,ready,80,-60,normal',
      '2026-11-25T10:00:15Z,K1,24,50,30,55,40,60,70,jammed,ready,ready,80,-60,normal',
      'yesterday,K1,24,50,30,55,40,60,70,ready,ready,ready,80,-60,normal',
      '2026-11-25T10:00:20Z,K1,24,50,30,55,40,60,70,ready,ready,ready,80,-60,broken_toaster',
      '2026-11-25T10:00:25,K1,24,50,30,55,40,60,70,,,,80,-60,1',
    ];
    const parsed = parseDatasetCsv(lines.join('\n'));
    expect(parsed.rows).toHaveLength(2);
    expect(parsed.rejected).toBe(5);
    expect(parsed.errors).toEqual([
      { row: 3, message: 'cpu_temp must be a number' },
      { row: 4, message: 'cpu_usage 140 is outside 0…100' },
      { row: 5, message: 'printer_status "jammed" is not one of ready, low_ink, paper_jam, offline' },
      { row: 6, message: 'timestamp must be an ISO 8601 date-time' },
      { row: 7, message: 'label "broken_toaster" is not normal, 0/1, true/false or a fault name' },
    ]);
    // A timestamp without a zone is UTC; a binary label is accepted; empty peripherals are unknown.
    expect(parsed.rows[1].timestampMs).toBe(Date.UTC(2026, 10, 25, 10, 0, 25));
    expect(parsed.rows[1].anomaly).toBe(true);
    expect(parsed.rows[1].reading.printer_status).toBeNull();
  });

  it('rejects a file without the required columns as a whole', () => {
    const parsed = parseDatasetCsv('timestamp,cpu_temp,label\n2026-11-25T10:00:00Z,55,normal\n');
    expect(parsed.rows).toHaveLength(0);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0].row).toBe(1);
    expect(parsed.errors[0].message).toContain('missing column(s): temperature, humidity');
  });
});
