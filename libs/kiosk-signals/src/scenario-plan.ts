import { FaultName, FaultWindow } from './faults';
import { SeededRng } from './rng';

/**
 * Which kiosks get which fault, and when. Times are simulated seconds after the run starts, so a
 * `disk_fill` "at 2h" means two simulated hours in whatever `--time-scale` is used.
 */
export interface ScenarioRule {
  name: FaultName | 'mixed' | 'normal';
  /** Share of the selected kiosks, (0, 1]. */
  fraction?: number;
  /** Exact number of kiosks; wins over `fraction`. */
  count?: number;
  /** Exactly these kiosks; wins over both. */
  serials?: string[];
  /** Only kiosks carrying one of these tags are candidates. */
  tags?: string[];
  atSec?: number;
  forSec?: number;
}

export interface PlannedKiosk {
  serial: string;
  tags: readonly string[];
}

export interface PlanContext {
  seed: string;
  simStartMs: number;
  /** Simulated length of the run, used to spread `mixed` onsets. */
  simDurationSec: number;
}

/**
 * The `mixed` preset: ~30% of the fleet faulty. The list order is also the priority used on small
 * fleets, where the weights round to zero: then one kiosk each, until half the fleet is faulty.
 */
export const MIXED_WEIGHTS: readonly (readonly [FaultName, number])[] = [
  ['overheat', 0.04],
  ['fan_failure', 0.04],
  ['memory_leak', 0.04],
  ['disk_fill', 0.04],
  ['printer_jam_storm', 0.03],
  ['network_degradation', 0.03],
  ['card_reader_silent_fail', 0.02],
  ['malformed', 0.005],
  ['flapping', 0.01],
  ['spoof', 0.005],
  ['cash_mismatch', 0.02],
  ['clock_skew', 0.02],
  ['flood', 0.0025],
];

/** Kiosks per fault for the `mixed` preset on a fleet of `n`. */
export function mixedCounts(n: number): Map<FaultName, number> {
  const counts = new Map<FaultName, number>();
  let faulty = 0;
  for (const [name, w] of MIXED_WEIGHTS) {
    const c = Math.round(n * w);
    counts.set(name, c);
    faulty += c;
  }
  const cap = Math.floor(n / 2);
  for (const [name] of MIXED_WEIGHTS) {
    if (faulty >= cap) break;
    if (counts.get(name) === 0) {
      counts.set(name, 1);
      faulty++;
    }
  }
  return counts;
}

function expandMixed(
  rule: ScenarioRule,
  fleetSize: number,
  ctx: PlanContext,
  rng: SeededRng,
): ScenarioRule[] {
  const out: ScenarioRule[] = [];
  for (const [name, count] of mixedCounts(fleetSize)) {
    if (count === 0) continue;
    // Spread onsets over 10–40% of the run so every faulty kiosk has a normal baseline first.
    const atSec = rule.atSec ?? ctx.simDurationSec * rng.uniform(0.1, 0.4);
    out.push({ name, count, atSec, forSec: rule.forSec, tags: rule.tags });
  }
  return out;
}

/** Assigns fault windows to kiosks, deterministically for a seed. */
export function planScenarios(
  kiosks: readonly PlannedKiosk[],
  rules: readonly ScenarioRule[],
  ctx: PlanContext,
): Map<string, FaultWindow[]> {
  const rng = new SeededRng(ctx.seed).fork('scenarios');
  const plan = new Map<string, FaultWindow[]>();
  for (const k of kiosks) plan.set(k.serial, []);
  const expanded: ScenarioRule[] = [];
  for (const rule of rules) {
    if (rule.name === 'normal') continue;
    if (rule.name === 'mixed') expanded.push(...expandMixed(rule, kiosks.length, ctx, rng));
    else expanded.push(rule);
  }
  const order = rng.shuffle(kiosks.map((_, i) => i));
  for (const rule of expanded) {
    const name = rule.name as FaultName;
    const chosen = selectKiosks(kiosks, order, rule, plan);
    const startMs = ctx.simStartMs + (rule.atSec ?? 0) * 1000;
    const endMs = rule.forSec === undefined ? null : startMs + rule.forSec * 1000;
    for (const serial of chosen) plan.get(serial)?.push({ name, startMs, endMs });
  }
  return plan;
}

function selectKiosks(
  kiosks: readonly PlannedKiosk[],
  order: readonly number[],
  rule: ScenarioRule,
  plan: Map<string, FaultWindow[]>,
): string[] {
  if (rule.serials && rule.serials.length > 0) return rule.serials.filter((s) => plan.has(s));
  const tags = rule.tags;
  const candidates = order
    .map((i) => kiosks[i])
    .filter((k) => !tags || tags.length === 0 || k.tags.some((t) => tags.includes(t)));
  const wanted =
    rule.count !== undefined
      ? Math.min(rule.count, candidates.length)
      : Math.max(1, Math.round((rule.fraction ?? 1) * candidates.length));
  // Prefer kiosks with no fault yet, so overlapping rules spread out instead of piling up.
  const fresh = candidates.filter((k) => (plan.get(k.serial)?.length ?? 0) === 0);
  const used = candidates.filter((k) => (plan.get(k.serial)?.length ?? 0) > 0);
  return [...fresh, ...used].slice(0, wanted).map((k) => k.serial);
}
