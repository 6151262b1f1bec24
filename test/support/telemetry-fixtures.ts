import type { DataSource } from 'typeorm';
import type { TelemetryReading } from '@app/core';

let nextSeq = 1;

/** A valid reading as the kiosk gateway would hand it over; override what the test is about. */
export function telemetryReading(overrides: Partial<TelemetryReading> = {}): TelemetryReading {
  const timestamp = overrides.timestamp ?? new Date();
  return {
    kioskId: 1,
    timestamp,
    receivedAt: new Date(timestamp.getTime() + 40),
    seq: nextSeq++,
    environmental: { temperature: 24.1, humidity: 51, airQuality: 37.5 },
    hardware: { cpuTemp: 55.2, cpuUsage: 41, ramUsage: 63.2, diskUsage: 71.9 },
    peripherals: { printerStatus: 'ready', cashAcceptor: 'ready', cardReader: 'ready' },
    location: { lat: -34.6037, lng: -58.3816, accuracy: 4.2 },
    network: { latency: 80.5, signalStrength: -61 },
    extra: null,
    ...overrides,
  };
}

/** Rows of one kiosk as stored, for assertions that must not go through the code under test. */
export async function storedRows(
  ds: DataSource,
  kioskId: number,
): Promise<Array<{ seq: string | null; ts: Date; partition: string }>> {
  return ds.query(
    `SELECT seq, ts, tableoid::regclass::text AS partition FROM telemetry WHERE kiosk_id = $1 ORDER BY ts, id`,
    [kioskId],
  );
}

export const DAY_MS = 86_400_000;
