import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { AppConfig, loadAppConfig } from '@app/core';
import { TelemetryReading } from '@app/contracts';
import { PlatformModule } from '@app/platform';
import { TelemetryBatchWriter, TelemetryModule } from '@app/telemetry';
import { databaseUrl, dropBenchState, withAdmin } from './lib/api-process';
import { BENCH_ADMIN_DB_URL, BENCH_REDIS_URL, numberArg } from './lib/args';

/**
 * `npm run bench:telemetry-disk [-- --kiosks 20 --interval 5]`
 *
 * PostgreSQL disk per kiosk per day, measured rather than estimated: a fresh database migrated by the
 * app itself (every migration), one UTC day of readings per kiosk at `--interval` seconds written
 * through the API's own TelemetryBatchWriter (binary COPY, the production pool and options), then
 * VACUUM ANALYZE and the sizes of that day's partition: heap, TOAST, each index, total
 * (pg_total_relation_size). Readings carry every peripheral, a location accuracy and an anomaly
 * score (a model is active by default) and no `extra`: unknown firmware fields add their JSONB size.
 * What this does not count: WAL and its archive, backups, and the other tables (commands, alerts,
 * payments), which grow with events, not with time.
 */

const KIOSKS = numberArg('kiosks', 20);
const INTERVAL = numberArg('interval', 5);
const CHUNK = 5_000;

@Module({})
class DiskModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DiskModule,
      imports: [PlatformModule.forRoot(config), TelemetryModule.forRoot(config)],
    };
  }
}

const PRINTER = ['ready', 'ready', 'ready', 'low_ink'] as const;
const between = (lo: number, hi: number) => lo + Math.random() * (hi - lo);

function reading(kioskId: number, seq: number, ts: Date): TelemetryReading {
  return {
    kioskId,
    timestamp: ts,
    receivedAt: new Date(ts.getTime() + Math.round(between(20, 200))),
    seq,
    environmental: { temperature: between(18, 32), humidity: between(30, 70), airQuality: between(10, 80) },
    hardware: {
      cpuTemp: between(40, 75),
      cpuUsage: between(5, 95),
      ramUsage: between(30, 90),
      diskUsage: between(20, 90),
    },
    peripherals: {
      printerStatus: PRINTER[seq % PRINTER.length],
      cashAcceptor: 'ready',
      cardReader: 'ready',
    },
    location: {
      lat: -34.6037 + between(-0.001, 0.001),
      lng: -58.3816 + between(-0.001, 0.001),
      accuracy: between(3, 15),
    },
    network: { latency: between(20, 300), signalStrength: between(-90, -50) },
    extra: null,
    anomalyScore: between(0, 1),
  };
}

async function main(): Promise<void> {
  const dbName = `kiosk_bench_disk_${process.pid}`;
  const prefix = `bench:disk:${randomBytes(3).toString('hex')}:`;
  const url = databaseUrl(BENCH_ADMIN_DB_URL, dbName);
  await withAdmin(BENCH_ADMIN_DB_URL, (c) => c.query(`CREATE DATABASE "${dbName}"`));
  try {
    const config = loadAppConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-jwt-secret-0123456789abcdef01234567',
      DATABASE_URL: url,
      DB_MIGRATE_ON_START: 'true',
      REDIS_URL: BENCH_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      LOG_LEVEL: 'warn',
    });
    const app = await NestFactory.createApplicationContext(DiskModule.forRoot(config), {
      logger: ['error', 'warn'],
    });
    const writer = app.get(TelemetryBatchWriter);
    // Yesterday (UTC): its partition exists (the migration creates yesterday's onwards) and is whole.
    const day = new Date();
    day.setUTCHours(0, 0, 0, 0);
    day.setUTCDate(day.getUTCDate() - 1);
    const perKiosk = Math.floor(86_400 / INTERVAL);
    const t0 = Date.now();
    // In time order, every kiosk at each step, as a fleet reports: the kiosk-led index then fills
    // its pages as it does in production (split pages in the middle of the tree stay half full),
    // which one kiosk's day after another's would not show.
    let batch: TelemetryReading[] = [];
    for (let i = 0; i < perKiosk; i++) {
      const ts = new Date(day.getTime() + i * INTERVAL * 1000);
      for (let k = 1; k <= KIOSKS; k++) batch.push(reading(k, i + 1, ts));
      if (batch.length >= CHUNK || i === perKiosk - 1) {
        await Promise.all(batch.map((r) => writer.write(r)));
        batch = [];
      }
    }
    const writeSec = (Date.now() - t0) / 1000;
    await app.close();

    const part = `telemetry_p${day.toISOString().slice(0, 10).replace(/-/g, '')}`;
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`VACUUM ANALYZE ${part}`);
      const rows = Number((await c.query(`SELECT count(*) AS n FROM ${part}`)).rows[0].n);
      const sizes = (
        await c.query<{ heap: string; toast: string; indexes: string; total: string }>(
          `SELECT pg_relation_size($1::regclass) AS heap,
                  coalesce(pg_total_relation_size(reltoastrelid), 0) AS toast,
                  pg_indexes_size($1::regclass) AS indexes,
                  pg_total_relation_size($1::regclass) AS total
             FROM pg_class WHERE oid = $1::regclass`,
          [part],
        )
      ).rows[0];
      const indexes = (
        await c.query<{ name: string; bytes: string }>(
          `SELECT indexrelid::regclass::text AS name, pg_relation_size(indexrelid) AS bytes
             FROM pg_index WHERE indrelid = $1::regclass ORDER BY 1`,
          [part],
        )
      ).rows;
      const version = (await c.query<{ server_version: string }>(`SHOW server_version`)).rows[0]
        .server_version;
      const total = Number(sizes.total);
      const mb = (b: number) => (b / 1024 / 1024).toFixed(2);
      const lines = [
        `bench:telemetry-disk — PostgreSQL ${version}, ${KIOSKS} kiosks × 1 day at ${INTERVAL} s (${perKiosk} readings each), written in ${writeSec.toFixed(1)} s`,
        `  partition ${part}: ${rows} rows; heap ${mb(Number(sizes.heap))} MiB, TOAST ${mb(Number(sizes.toast))} MiB, indexes ${mb(Number(sizes.indexes))} MiB, total ${mb(total)} MiB`,
        ...indexes.map((i) => `    index ${i.name}: ${mb(Number(i.bytes))} MiB`),
        `  per row: ${(total / rows).toFixed(1)} bytes (heap ${(Number(sizes.heap) / rows).toFixed(1)}, indexes ${(Number(sizes.indexes) / rows).toFixed(1)})`,
        `  per kiosk per day: ${mb(total / KIOSKS)} MiB`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      process.stdout.write(
        `${JSON.stringify({ kiosks: KIOSKS, intervalSec: INTERVAL, rows, heap: Number(sizes.heap), toast: Number(sizes.toast), indexes: Number(sizes.indexes), total, perKioskPerDayBytes: total / KIOSKS, postgres: version })}\n`,
      );
    } finally {
      await c.end();
    }
  } finally {
    await dropBenchState(dbName, prefix);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(
      `bench:telemetry-disk failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exit(1);
  },
);
