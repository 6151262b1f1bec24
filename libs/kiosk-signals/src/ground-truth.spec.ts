import { CSV_COLUMNS, GroundTruthRecord, formatGroundTruth } from './ground-truth';
import { KioskUpdatePayload } from './reading';

const payload: KioskUpdatePayload = {
  timestamp: '2026-11-25T10:05:00.000Z',
  serial: 'SIM-G-00001',
  seq: 42,
  environmental: { temperature: 24.1, humidity: 51, air_quality: 37.5 },
  hardware: { cpu_temp: 55.2, cpu_usage: 41, ram_usage: 63.2, disk_usage: 71.9 },
  peripherals: { printer_status: 'paper_jam', cash_acceptor: 'ready', card_reader: 'ready' },
  location: { lat: -34.6037, lng: -58.3816, accuracy: 4.2 },
  network: { latency: 80.5, signal_strength: -61 },
};
const record: GroundTruthRecord = {
  serial: 'SIM-G-00001',
  seq: 42,
  simMs: Date.parse('2026-11-25T10:00:00.000Z'),
  label: 'clock_skew',
  payload,
};

describe('ground truth', () => {
  it('JSONL keeps the exact payload sent, the true time and the label', () => {
    const line = formatGroundTruth('jsonl', record);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual({
      serial: 'SIM-G-00001',
      seq: 42,
      sim_time: '2026-11-25T10:00:00.000Z',
      label: 'clock_skew',
      payload,
    });
  });

  it('CSV has one feature column per wire field and the label last', () => {
    const cells = formatGroundTruth('csv', record).trim().split(',');
    expect(cells).toHaveLength(CSV_COLUMNS.length);
    const row = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, cells[i]]));
    expect(row).toMatchObject({
      timestamp: '2026-11-25T10:05:00.000Z',
      sim_time: '2026-11-25T10:00:00.000Z',
      cpu_temp: '55.2',
      printer_status: 'paper_jam',
      signal_strength: '-61',
      label: 'clock_skew',
    });
  });

  it('CSV still writes a row for a broken payload, quoting what needs quoting', () => {
    const broken = formatGroundTruth('csv', {
      ...record,
      label: 'malformed',
      payload: { ...payload, timestamp: 'a,"b"' },
    });
    expect(broken.startsWith('"a,""b"""')).toBe(true);
    expect(broken.trim().endsWith(',malformed')).toBe(true);
    const notObject = formatGroundTruth('csv', { ...record, label: 'malformed', payload: 'garbage' });
    expect(notObject.trim().split(',')).toHaveLength(CSV_COLUMNS.length);
  });
});
