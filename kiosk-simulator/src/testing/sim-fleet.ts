import { SeededRng, Site, createProfile } from '../../../libs/kiosk-signals/src';
import { FleetRunner } from '../fleet';
import { KioskSpec } from '../kiosk';
import { KioskSettings, defaultSettings } from '../kiosk-env';
import { FakeKioskServer, FakeServerOptions } from './fake-kiosk-server';

/**
 * A small simulated fleet against a FakeKioskServer on 127.0.0.1, for protocol tests: short
 * intervals, fast backoff, and a time scale that shrinks command delays to tens of milliseconds.
 */
export const TEST_SITE: Site = {
  name: 'Test',
  lat: 40,
  lng: -3,
  utcOffsetHours: 1,
  peakCustomersPerHour: 30,
};

export interface SimFleetSetup {
  kiosks?: number;
  /** Serials are `<prefix>-00001`…; each spec file keeps its own so their profiles stay as they were. */
  serialPrefix?: string;
  /** Seeds the profiles: with the prefix it fixes what each kiosk sells and reads. */
  seed?: string;
  site?: Site;
  /** Kiosks connected per second at the start. */
  connectRate?: number;
  timeScale?: number;
  intervalSec?: number;
  settings?: Partial<KioskSettings>;
  server?: FakeServerOptions;
  /** Adjusts each kiosk's spec (faults, wander plans) before the fleet starts. */
  spec?: (spec: KioskSpec, simStartMs: number) => void;
  /** Ground-truth lines (JSON Lines) are pushed here. */
  groundTruth?: string[];
}

export interface SimFleet {
  server: FakeKioskServer;
  runner: FleetRunner;
  serialOf: (i: number) => string;
  stop: () => Promise<void>;
}

export async function startSimFleet(o: SimFleetSetup = {}): Promise<SimFleet> {
  const n = o.kiosks ?? 1;
  const prefix = o.serialPrefix ?? 'SIM-FM';
  const serialOf = (i: number) => `${prefix}-${String(i + 1).padStart(5, '0')}`;
  const secrets = new Map(Array.from({ length: n }, (_, i) => [serialOf(i), `secret-${i}`]));
  const server = await FakeKioskServer.start({ secrets, ...o.server });
  const now = Date.now();
  const rng = new SeededRng(o.seed ?? 'fleet-management');
  const kiosks: KioskSpec[] = Array.from({ length: n }, (_, i) => {
    const spec: KioskSpec = {
      index: i,
      serial: serialOf(i),
      secret: `secret-${i}`,
      profile: createProfile(serialOf(i), o.site ?? TEST_SITE, rng),
      faults: [],
      // The next serial, as plan-fleet gives it: whom a spoofing kiosk claims to be.
      peerSerial: serialOf(i + 1),
    };
    o.spec?.(spec, now);
    return spec;
  });
  const sink = o.groundTruth;
  const runner = new FleetRunner(
    {
      settings: defaultSettings({
        url: server.url,
        intervalSec: o.intervalSec ?? 0.1,
        updateFailureRate: 0,
        backoffBaseMs: 50,
        backoffMaxMs: 400,
        ...o.settings,
      }),
      realStartMs: now,
      simStartMs: now,
      timeScale: o.timeScale ?? 20,
      connectRate: o.connectRate ?? 200,
      kiosks,
      groundTruthFormat: sink ? 'jsonl' : null,
    },
    sink ? { write: (line) => sink.push(line) } : null,
  );
  runner.start();
  return {
    server,
    runner,
    serialOf,
    stop: async () => {
      await runner.stop(0);
      await server.close();
    },
  };
}

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
