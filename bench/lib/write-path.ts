import 'reflect-metadata';
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Pool } from 'pg';
import { AppConfig, loadAppConfig } from '@app/core';
import { TelemetryReading } from '@app/contracts';
import { PlatformModule } from '@app/platform';
import { TelemetryBatchWriter, TelemetryModule } from '@app/telemetry';
import { serveRpc } from './ipc';
import type { WritePathParams, WritePathResult } from './protocol';
import { median } from './stats';

/*
 * The write path, measured in isolation against the bench database: the API's real
 * TelemetryBatchWriter (booted in a Nest application context with PlatformModule + TelemetryModule,
 * as apps/api/src/app.module.ts mounts them, so the sink, its unnest INSERT, pool and options are
 * the production ones) versus the naive alternative: one INSERT per reading through a pool of 10.
 * KioskModule is not mounted, so the kiosk_state projection that follows each batch in the API is
 * left out: it runs after the ack and is not part of "stored".
 */

@Module({})
class WritePathModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WritePathModule,
      imports: [PlatformModule.forRoot(config), TelemetryModule.forRoot(config)],
    };
  }
}

// kiosk_id has no foreign key: ids far above the registered kiosks keep these rows apart from the
// steady-state count and make every (kiosk, seq, ts) distinct, so nothing is deduplicated.
let nextKiosk = 1_500_000_000;

function readings(n: number): TelemetryReading[] {
  const now = new Date();
  return Array.from({ length: n }, () => ({
    kioskId: nextKiosk++,
    timestamp: now,
    receivedAt: now,
    seq: 1,
    environmental: { temperature: 24.1, humidity: 51.0, airQuality: 37.5 },
    hardware: { cpuTemp: 55.2, cpuUsage: 41.0, ramUsage: 63.2, diskUsage: 71.9 },
    peripherals: { printerStatus: 'ready', cashAcceptor: 'ready', cardReader: 'ready' },
    location: { lat: -34.6037, lng: -58.3816, accuracy: 4.2 },
    network: { latency: 80.5, signalStrength: -61.0 },
    extra: null,
  }));
}

const SINGLE_INSERT = `
  INSERT INTO telemetry (kiosk_id, ts, received_at, seq, temperature, humidity, air_quality, cpu_temp,
                         cpu_usage, ram_usage, disk_usage, printer_status, cash_acceptor, card_reader,
                         lat, lng, accuracy, latency, signal_strength, extra)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
  ON CONFLICT DO NOTHING`;

function singleParams(r: TelemetryReading): unknown[] {
  return [
    r.kioskId,
    r.timestamp.toISOString(),
    r.receivedAt.toISOString(),
    r.seq,
    r.environmental.temperature,
    r.environmental.humidity,
    r.environmental.airQuality,
    r.hardware.cpuTemp,
    r.hardware.cpuUsage,
    r.hardware.ramUsage,
    r.hardware.diskUsage,
    r.peripherals.printerStatus ?? null,
    r.peripherals.cashAcceptor ?? null,
    r.peripherals.cardReader ?? null,
    r.location.lat,
    r.location.lng,
    r.location.accuracy ?? null,
    r.network.latency,
    r.network.signalStrength,
    null,
  ];
}

/** rows/s of one run: every reading handed over at once, as thousands of kiosks would. */
async function timed(
  rs: TelemetryReading[],
  write: (r: TelemetryReading) => Promise<unknown>,
): Promise<number> {
  const t0 = performance.now();
  await Promise.all(rs.map(write));
  return rs.length / ((performance.now() - t0) / 1000);
}

let app: INestApplicationContext | undefined;
let pool: Pool | undefined;
let one: Pool | undefined;

async function boot(): Promise<void> {
  const url = process.env.DATABASE_URL as string;
  const config = loadAppConfig({ ...process.env, DB_MIGRATE_ON_START: 'false' });
  app = await NestFactory.createApplicationContext(WritePathModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  pool = new Pool({ connectionString: url, max: 10 });
  one = new Pool({ connectionString: url, max: 1 });
}

async function run(p: WritePathParams): Promise<WritePathResult> {
  if (!app || !pool || !one) throw new Error('boot first');
  const writer = app.get(TelemetryBatchWriter);
  const db = pool;
  const conn = one;
  const single = (r: TelemetryReading) => db.query(SINGLE_INSERT, singleParams(r));
  const sequential = (r: TelemetryReading) => conn.query(SINGLE_INSERT, singleParams(r));
  const batched = (r: TelemetryReading) => writer.write(r);
  // Warm both paths (JIT, pool connections, prepared plans) before timing them.
  await timed(readings(500), batched);
  await timed(readings(200), single);
  const batchRuns: number[] = [];
  const singleRuns: number[] = [];
  for (let i = 0; i < p.repeats; i++) {
    singleRuns.push(await timed(readings(p.readings), single));
    batchRuns.push(await timed(readings(p.readings), batched));
  }
  // For context only: one connection makes every INSERT wait for the previous commit's WAL flush,
  // which is what "one INSERT per reading" often means; a fifth of the readings is enough.
  await timed(readings(50), sequential);
  const seq = await timed(readings(Math.ceil(p.readings / 5)), sequential);
  const b = median(batchRuns);
  const s = median(singleRuns);
  return {
    batchWriter: { rowsPerSec: b, runs: batchRuns },
    singleInsert: { rowsPerSec: s, runs: singleRuns },
    ratio: b / s,
    singleInsertOneConnection: { rowsPerSec: seq },
  };
}

async function close(): Promise<void> {
  await pool?.end();
  await one?.end();
  await app?.close();
}

serveRpc({ boot: () => boot(), run: (p) => run(p as WritePathParams), close: () => close() });
