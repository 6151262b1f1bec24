import type { StoredTelemetryRow, TelemetryReading } from '@app/contracts';

/** The telemetry columns a rule can name. */
const REAL_COLUMNS = [
  'temperature',
  'humidity',
  'air_quality',
  'cpu_temp',
  'cpu_usage',
  'ram_usage',
  'disk_usage',
  'accuracy',
  'latency',
  'signal_strength',
];

/**
 * The telemetry columns a rule can name, as SELECTed from `telemetry_readings_v` (alias t), the
 * telemetry module's read model. Readings
 * are stored as `real`; going through numeric gives back the decimal the kiosk sent (85.1, not
 * 85.09999847), so a replay compares against thresholds exactly as the live path did.
 */
export const READING_COLUMNS = [
  't.kiosk_id',
  't.ts',
  't.received_at',
  't.seq::float8 AS seq',
  ...REAL_COLUMNS.map((c) => `t.${c}::numeric::float8 AS ${c}`),
  't.printer_status',
  't.cash_acceptor',
  't.card_reader',
  't.lat',
  't.lng',
].join(', ');

/** `seq` comes as float8 (see READING_COLUMNS), so a number like the live path's. */
export type StoredReadingRow = StoredTelemetryRow;

/** A stored reading in the shape the evaluator reads (the live path's shape). */
export function toReading(r: StoredReadingRow): TelemetryReading {
  return {
    kioskId: r.kiosk_id,
    timestamp: r.ts,
    receivedAt: r.received_at,
    seq: r.seq,
    environmental: { temperature: r.temperature, humidity: r.humidity, airQuality: r.air_quality },
    hardware: { cpuTemp: r.cpu_temp, cpuUsage: r.cpu_usage, ramUsage: r.ram_usage, diskUsage: r.disk_usage },
    peripherals: {
      ...(r.printer_status !== null && { printerStatus: r.printer_status }),
      ...(r.cash_acceptor !== null && { cashAcceptor: r.cash_acceptor }),
      ...(r.card_reader !== null && { cardReader: r.card_reader }),
    },
    location: { lat: r.lat, lng: r.lng, ...(r.accuracy !== null && { accuracy: r.accuracy }) },
    network: { latency: r.latency, signalStrength: r.signal_strength },
    extra: null,
  };
}
