import { BASELINE_SIGNALS } from './feature-spec';
import type { KioskFeatureState } from './feature-extractor';

/*
 * A kiosk's feature state as bytes, for the Redis snapshot that hands baselines between instances:
 * 281 doubles (exact, unlike a float32 copy, whose rounding would stall slow averages) and the
 * last printer state: 2.3 KB a kiosk off the V8 heap, where the JSON text of a day-old kiosk was
 * 3.3 KB of heap strings, and no number goes through text. 10,000 kiosks are snapshotted a minute.
 */

const NB = BASELINE_SIGNALS.length;
const VERSION = 1;
const SCALARS = 5; // version, lastMs, observedSec, jamRate, baseline signal count
const DOUBLES = SCALARS + 4 * NB + 24 * NB + 24;
const ARRAYS = ['baseline', 'variance', 'trend', 'fast', 'hourly', 'hourSeen'] as const;

export function encodeKioskFeatureState(s: KioskFeatureState): Buffer {
  const printer = s.lastPrinter === null ? null : Buffer.from(s.lastPrinter, 'utf8');
  const out = Buffer.alloc(DOUBLES * 8 + (printer ? printer.length : 0));
  const d = new Float64Array(out.buffer, out.byteOffset, DOUBLES);
  d[0] = VERSION;
  d[1] = s.lastMs;
  d[2] = s.observedSec;
  d[3] = s.jamRate;
  d[4] = NB;
  let at = SCALARS;
  for (const name of ARRAYS) {
    const values = s[name];
    for (let i = 0; i < values.length; i++) d[at + i] = values[i] as number;
    at += values.length;
  }
  printer?.copy(out, DOUBLES * 8);
  return out;
}

/** The state, or null for bytes of another layout (a different spec or version): start afresh then. */
export function decodeKioskFeatureState(bytes: Buffer): KioskFeatureState | null {
  if (bytes.length < DOUBLES * 8) return null;
  // Copied out: a Buffer from a socket need not be 8-byte aligned for a Float64Array view.
  const d = new Float64Array(DOUBLES);
  Buffer.from(d.buffer).set(bytes.subarray(0, DOUBLES * 8));
  if (d[0] !== VERSION || d[4] !== NB) return null;
  let at = SCALARS;
  const take = (n: number) => Array.from(d.subarray(at, (at += n)));
  const state: KioskFeatureState = {
    lastMs: d[1] as number,
    observedSec: d[2] as number,
    jamRate: d[3] as number,
    baseline: take(NB),
    variance: take(NB),
    trend: take(NB),
    fast: take(NB),
    hourly: take(24 * NB),
    hourSeen: take(24),
    lastPrinter: bytes.length > DOUBLES * 8 ? bytes.toString('utf8', DOUBLES * 8) : null,
  };
  return state;
}
