import { BrokenPayload, KioskUpdatePayload } from './reading';

/**
 * Ground truth: one line per reading sent, with the fault label that was active when it was taken.
 * This is what the AI module's precision and recall are measured against, so a reading is recorded
 * exactly once — on its first emission — even if it is later resent.
 */
export type GroundTruthFormat = 'jsonl' | 'csv';

export interface GroundTruthRecord {
  serial: string;
  seq: number;
  /** True simulated time of the sample; differs from `payload.timestamp` under clock_skew. */
  simMs: number;
  label: string;
  payload: KioskUpdatePayload | BrokenPayload;
}

/** Feature columns of `POST /ai/datasets` plus identification; `label` last. */
export const CSV_COLUMNS = [
  'timestamp',
  'sim_time',
  'serial',
  'seq',
  'temperature',
  'humidity',
  'air_quality',
  'cpu_temp',
  'cpu_usage',
  'ram_usage',
  'disk_usage',
  'printer_status',
  'cash_acceptor',
  'card_reader',
  'lat',
  'lng',
  'accuracy',
  'latency',
  'signal_strength',
  'label',
] as const;

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\n`;
}

function section(payload: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = payload[name];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text =
    typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatGroundTruth(format: GroundTruthFormat, rec: GroundTruthRecord): string {
  const simTime = new Date(rec.simMs).toISOString();
  if (format === 'jsonl') {
    return `${JSON.stringify({ serial: rec.serial, seq: rec.seq, sim_time: simTime, label: rec.label, payload: rec.payload })}\n`;
  }
  // Broken payloads (strings, arrays) still get a row: the label says why its cells are odd or empty.
  const p =
    typeof rec.payload === 'object' && !Array.isArray(rec.payload)
      ? (rec.payload as Record<string, unknown>)
      : {};
  const env = section(p, 'environmental');
  const hw = section(p, 'hardware');
  const per = section(p, 'peripherals');
  const loc = section(p, 'location');
  const net = section(p, 'network');
  const cells = [
    p.timestamp,
    simTime,
    rec.serial,
    rec.seq,
    env.temperature,
    env.humidity,
    env.air_quality,
    hw.cpu_temp,
    hw.cpu_usage,
    hw.ram_usage,
    hw.disk_usage,
    per.printer_status,
    per.cash_acceptor,
    per.card_reader,
    loc.lat,
    loc.lng,
    loc.accuracy,
    net.latency,
    net.signal_strength,
    rec.label,
  ];
  return `${cells.map(csvCell).join(',')}\n`;
}
