import { GroundTruthRecord } from '../../libs/kiosk-signals/src';
import { SimClock } from './sim-clock';
import { FleetStats } from './stats';
import { TimerWheel } from './timer-wheel';
import { KioskCapabilities } from './wire';

/** Per-run settings shared by every kiosk of a thread. */
export interface KioskSettings {
  /** Base URL of the backend (`http://host:port`); the namespace is appended. */
  url: string;
  intervalSec: number;
  ackTimeoutMs: number;
  connectTimeoutMs: number;
  /** Unacknowledged readings (and payments) kept per kiosk; the oldest are dropped beyond this. */
  outboxLimit: number;
  /** Readings awaiting an ack at once on one connection (flow control for backlogs). */
  maxInflight: number;
  /** While blocked only every n-th reading is sent, as a heartbeat. */
  blockedHeartbeatEvery: number;
  firmwareVersion: string;
  capabilities: KioskCapabilities;
  runId: string;
  seed: string;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Share of `update` commands that fail (ack `error`, old version kept); 0 in protocol tests. */
  updateFailureRate: number;
  /** Share of `update` commands acked `success` whose kiosk reboots back into the old version. */
  updateStaleRate: number;
  /** Simulated seconds a kiosk is dark while rebooting into a new image after an `update` success. */
  updateRebootSec: number;
  /** `flapping`: wall-clock ms connected, then disconnected, each drawn uniformly from [min, max]. */
  flapUpMs: [number, number];
  flapDownMs: [number, number];
}

/** What a kiosk needs from the thread it runs on. */
export interface KioskEnv {
  wheel: TimerWheel;
  clock: SimClock;
  stats: FleetStats;
  settings: KioskSettings;
  recordGroundTruth: ((record: GroundTruthRecord) => void) | null;
}

export const DEFAULT_CAPABILITIES: KioskCapabilities = {
  sensors: ['temperature', 'humidity', 'air_quality', 'cpu_temp', 'gps'],
  peripherals: ['printer', 'cash_acceptor', 'card_reader'],
  features: ['payments_cash', 'payments_card', 'payments_qr', 'remote_restart', 'firmware_update', 'refund'],
};

export function defaultSettings(
  overrides: Partial<KioskSettings> & Pick<KioskSettings, 'url'>,
): KioskSettings {
  return {
    intervalSec: 5,
    ackTimeoutMs: 10_000,
    connectTimeoutMs: 20_000,
    outboxLimit: 720,
    maxInflight: 32,
    blockedHeartbeatEvery: 6,
    firmwareVersion: '4.2.0',
    capabilities: DEFAULT_CAPABILITIES,
    runId: 'run',
    seed: 'seed',
    backoffBaseMs: 1000,
    backoffMaxMs: 30_000,
    updateFailureRate: 0.03,
    updateStaleRate: 0,
    updateRebootSec: 5,
    flapUpMs: [5000, 25000],
    flapDownMs: [1000, 6000],
    ...overrides,
  };
}
