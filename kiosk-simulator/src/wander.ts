import { SeededRng, WANDER_LABEL } from '../../libs/kiosk-signals/src';

export { WANDER_LABEL };
import { parseDuration } from './duration';
import { parseShare } from './scenarios/scenario-arg';

/**
 * Wanderers: kiosks whose GPS position leaves their registered site for a while and comes back (a
 * unit moved by a tenant, a trailer kiosk driven away, a stolen one found). What the server's
 * `location_drift` alert (CONTRACT §8) must catch: more than 500 m away with accuracy ≤ 100 m, for
 * at least 10 minutes. The signal models (libs/kiosk-signals) keep a kiosk at its site; this moves
 * the reported position only, in simulated time.
 */

/** How far a wanderer goes: well past the 500 m threshold, still a plausible move within a city. */
export const WANDER_DISTANCE_M: readonly [number, number] = [800, 3000];
/** Simulated time away when --wanderers gives no `~for`: longer than the alert's 10 minutes. */
export const WANDER_DEFAULT_FOR_SEC = 15 * 60;
/** Time to get to the far point and back, at most (a vehicle through a city). */
const RAMP_MAX_MS = 2 * 60_000;
const METRES_PER_DEGREE = 111_320;

export interface WanderRule {
  /** Share of the fleet, (0, 1]. */
  fraction?: number;
  /** Exact number of kiosks; wins over `fraction`. */
  count?: number;
  /** Simulated seconds after the start when they leave; default a random 10–40 % of the run each. */
  atSec?: number;
  /** Simulated seconds away (default 15 minutes). */
  forSec?: number;
}

/** One kiosk's trip, in simulated ms. */
export interface WanderPlan {
  startMs: number;
  endMs: number;
  distanceM: number;
  bearingRad: number;
}

/** `--wanderers share[@at][~for]`: `5%`, `0.05` or a count, e.g. `5%@10m~20m`. */
export function parseWanderArg(text: string): WanderRule {
  const m = /^([0-9.]+%?)(?:@([0-9a-z.]+))?(?:~([0-9a-z.]+))?$/.exec(text.trim());
  if (!m) throw new Error(`invalid wanderers "${text}": expected share[@at][~for], e.g. 5%@10m~20m`);
  const rule: WanderRule = { ...parseShare(m[1]) };
  if (m[2] !== undefined) rule.atSec = parseDuration(m[2]);
  if (m[3] !== undefined) {
    rule.forSec = parseDuration(m[3]);
    if (!(rule.forSec > 0)) throw new Error(`invalid wanderers "${text}": ~for must be positive`);
  }
  return rule;
}

/** Which kiosks wander, when, how far and which way; the same for the same seed and serials. */
export function planWanderers(
  serials: readonly string[],
  rule: WanderRule | null,
  ctx: { seed: string; simStartMs: number; simDurationSec: number },
): Map<string, WanderPlan> {
  const plans = new Map<string, WanderPlan>();
  if (rule === null || serials.length === 0) return plans;
  const rng = new SeededRng(ctx.seed).fork('wanderers');
  const wanted =
    rule.count !== undefined
      ? Math.min(rule.count, serials.length)
      : Math.max(1, Math.round((rule.fraction ?? 1) * serials.length));
  const order = rng.shuffle(serials.map((_, i) => i)).slice(0, wanted);
  const forMs = (rule.forSec ?? WANDER_DEFAULT_FOR_SEC) * 1000;
  for (const i of order) {
    const serial = serials[i];
    const atSec = rule.atSec ?? ctx.simDurationSec * rng.uniform(0.1, 0.4);
    const startMs = Math.round(ctx.simStartMs + atSec * 1000);
    plans.set(serial, {
      startMs,
      endMs: startMs + forMs,
      distanceM: rng.uniform(WANDER_DISTANCE_M[0], WANDER_DISTANCE_M[1]),
      bearingRad: rng.uniform(0, 2 * Math.PI),
    });
  }
  return plans;
}

export function isWandering(plan: WanderPlan | undefined, simMs: number): boolean {
  return plan !== undefined && simMs >= plan.startMs && simMs < plan.endMs;
}

/** Metres from the site at `simMs`: out along a ramp, the far point, back along a ramp. */
export function wanderDistanceM(plan: WanderPlan, simMs: number): number {
  if (!isWandering(plan, simMs)) return 0;
  const rampMs = Math.min(RAMP_MAX_MS, (plan.endMs - plan.startMs) / 4);
  const progress = Math.min(1, (simMs - plan.startMs) / rampMs, (plan.endMs - simMs) / rampMs);
  return plan.distanceM * progress;
}

/** Moves a reported position away from the site; returns whether the kiosk is away. */
export function applyWander(
  location: { lat: number; lng: number },
  plan: WanderPlan | undefined,
  simMs: number,
): boolean {
  if (plan === undefined || !isWandering(plan, simMs)) return false;
  const d = wanderDistanceM(plan, simMs);
  const cosLat = Math.max(0.2, Math.cos((location.lat * Math.PI) / 180));
  const lat = location.lat + (d * Math.cos(plan.bearingRad)) / METRES_PER_DEGREE;
  const lng = location.lng + (d * Math.sin(plan.bearingRad)) / (METRES_PER_DEGREE * cosLat);
  location.lat = round6(Math.max(-90, Math.min(90, lat)));
  location.lng = round6(((((lng + 180) % 360) + 360) % 360) - 180);
  return true;
}

/** Great-circle distance in metres (haversine): what a server compares with its threshold. */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The ground-truth label of a reading, given the fault label the signal model gave it. */
export function withWanderLabel(label: string, away: boolean): string {
  if (!away) return label;
  return label === 'normal' ? WANDER_LABEL : `${label}+${WANDER_LABEL}`;
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
