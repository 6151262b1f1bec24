import { createHash } from 'node:crypto';
import type { RolloutWaveView } from '@app/contracts';
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
  /** Error replies by code, plus `timeout` and `lost_to_reboot` (in flight when the kiosk rebooted). */
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

/** A wave as `GET /rollouts/{id}` shows it. */
export type WaveView = RolloutWaveView;

export type WaveRate = WaveView & { durationSec: number | null; commandsPerSec: number | null };

/**
 * Per wave: how long it ran, and how fast its commands went out — the wave's kiosks over the time
 * from the wave's start (server clock) to the last of its commands reaching a kiosk (same machine,
 * same clock). A wave's commands arrive between its start and the next wave's.
 */
export function waveRates(waves: readonly WaveView[], receivedAt: readonly number[]): WaveRate[] {
  const sorted = [...receivedAt].sort((a, b) => a - b);
  return waves.map((w, i) => {
    const from = w.startedAt ? Date.parse(w.startedAt) : NaN;
    const next = waves[i + 1]?.startedAt;
    const to = next ? Date.parse(next) : Infinity;
    const mine = sorted.filter((t) => t >= from && t < to);
    const spanSec = mine.length > 0 ? Math.max(0.001, (mine[mine.length - 1] - from) / 1000) : NaN;
    return {
      ...w,
      durationSec: w.startedAt && w.finishedAt ? (Date.parse(w.finishedAt) - from) / 1000 : null,
      commandsPerSec: mine.length > 0 ? mine.length / spanSec : null,
    };
  });
}
