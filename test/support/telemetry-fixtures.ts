import { EventBus, ofType } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import { TelemetryBatchRecordedEvent, TelemetryReading } from '@app/contracts';
import { withAdminClient } from '@app/database';
import type { TestApp } from './test-app';

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

/** How many readings of one kiosk are stored. */
export async function storedReadingCount(ds: DataSource, kioskId: number): Promise<number> {
  const rows: Array<{ n: number }> = await ds.query(
    'SELECT count(*)::int AS n FROM telemetry WHERE kiosk_id = $1',
    [kioskId],
  );
  return rows[0].n;
}

/**
 * Lets a test database take connections again, or refuses new ones and terminates the open ones
 * (the app's pool loses every backend at once, as in a PostgreSQL restart).
 */
export const setDatabaseConnections = (dbName: string, allow: boolean) =>
  withAdminClient(async (c) => {
    await c.query(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS ${allow}`);
    if (!allow) {
      await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [dbName]);
    }
  });

export const DAY_MS = 86_400_000;

/** Collects into `announced` the readings of every TelemetryBatchRecordedEvent the app publishes. */
export function collectAnnounced(t: TestApp, announced: TelemetryReading[]): void {
  t.app
    .get(EventBus)
    .pipe(ofType(TelemetryBatchRecordedEvent))
    .subscribe((e) => announced.push(...e.readings));
}
