import { createHash } from 'node:crypto';
import type { KioskCredential } from './protocol';

/* What bench:rollout and its kiosk child (rollout-kiosks.ts) say to each other (see ipc.ts). */

export interface RolloutKiosksParams {
  url: string;
  kiosks: KioskCredential[];
  ratePerSec: number;
  intervalSec: number;
  firmwareVersion: string;
  /** Share of kiosks whose update fails (ack `error`, old version kept). */
  failureRate: number;
  installMs: number;
  rebootMs: number;
}

export interface RolloutWindowStats {
  seconds: number;
  acked: number;
  timeouts: number;
  errors: Record<string, number>;
  latencyMs: { p50: number; p99: number; max: number };
}

export interface RolloutTally {
  /** Wall-clock ms (epoch) at which each update command first reached its kiosk. */
  receivedAt: number[];
  /** Kiosks that received at least one update command. */
  kiosksCommanded: number;
  /** Update commands received, distinct by command_id per kiosk. */
  commands: number;
  /** Deliveries of a command_id the kiosk had already received. */
  repeatedDeliveries: number;
  /** Kiosks that received the same command_id twice or more than one update command. */
  kiosksCommandedTwice: number;
  acksSucceeded: number;
  acksFailed: number;
  /** Kiosks that rejoined on the new version after their reboot. */
  rejoinedOnNewVersion: number;
  /** Wall-clock ms (epoch) of the first and last update command received. */
  firstCommandAt: number | null;
  lastCommandAt: number | null;
  ackErrors: Record<string, number>;
}

/** Whether this kiosk's update fails: a fixed function of its serial, uniform over serials. */
export function failsUpdate(serial: string, rate: number): boolean {
  const h = createHash('sha256').update(`bench-rollout:${serial}`).digest();
  return h.readUInt32BE(0) / 2 ** 32 < rate;
}
