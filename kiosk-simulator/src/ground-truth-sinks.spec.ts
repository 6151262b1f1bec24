import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSV_COLUMNS, GroundTruthRecord, formatGroundTruth } from '../../libs/kiosk-signals/src';
import { FileGroundTruthWriter, formatFromPath } from './ground-truth-sinks';

const record: GroundTruthRecord = {
  serial: 'SIM-G-00001',
  seq: 42,
  simMs: Date.parse('2026-11-25T10:00:00.000Z'),
  label: 'clock_skew',
  payload: {
    timestamp: '2026-11-25T10:05:00.000Z',
    serial: 'SIM-G-00001',
    seq: 42,
    environmental: { temperature: 24.1, humidity: 51, air_quality: 37.5 },
    hardware: { cpu_temp: 55.2, cpu_usage: 41, ram_usage: 63.2, disk_usage: 71.9 },
    peripherals: { printer_status: 'paper_jam', cash_acceptor: 'ready', card_reader: 'ready' },
    location: { lat: -34.6037, lng: -58.3816, accuracy: 4.2 },
    network: { latency: 80.5, signal_strength: -61 },
  },
};

describe('ground truth file', () => {
  it('picks the format from the file name and writes a CSV header', async () => {
    expect(formatFromPath('truth.CSV')).toBe('csv');
    expect(formatFromPath('truth.jsonl')).toBe('jsonl');
    const path = join(mkdtempSync(join(tmpdir(), 'gt-')), 'truth.csv');
    const writer = new FileGroundTruthWriter(path, 'csv');
    writer.write(formatGroundTruth('csv', record));
    await writer.close();
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(2);
  });
});
