import type { TelemetryReading } from '@app/contracts';
import { Condition, conditionHolds } from './condition';

export type ScopeKind = 'all' | 'tag' | 'kiosk';
export interface RuleScope {
  kind: ScopeKind;
  value: string | null;
}

/** What the evaluator needs of a rule whose condition is checked on readings. */
export interface TelemetryRule {
  id: string;
  condition: Condition;
  forSeconds: number;
  scope: RuleScope;
}

export function inScope(scope: RuleScope, kioskId: number, tags: readonly string[]): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'kiosk') return scope.value === String(kioskId);
  return scope.value !== null && tags.includes(scope.value);
}

/**
 * `fire`: the condition has held for the rule's `forSeconds` at this reading (`opened` when it was
 * not already firing). `clear`: it has not held for the configured number of readings in a row.
 */
export type Decision =
  | { kind: 'fire'; kioskId: number; ruleId: string; at: Date; receivedAt: Date; opened: boolean }
  | { kind: 'clear'; kioskId: number; ruleId: string; at: Date };

interface RuleState {
  /** Reading time (ms, kiosk clock) since which the condition has held without a break. */
  since: number | null;
  /** Readings in a row without the condition while firing. */
  clear: number;
  firing: boolean;
}

/**
 * Incremental rule evaluation: per (kiosk, rule) it keeps only when the condition started to hold
 * and how many clear readings followed, so each reading costs one check per rule in scope. Pure:
 * the same class serves live evaluation and backtests, which replay stored readings through it.
 * Time is the readings' own clock, so a replay decides exactly as the live path did.
 */
export class RuleEvaluator {
  private readonly kiosks = new Map<number, Map<string, RuleState>>();

  constructor(private readonly clearReadingsToResolve: number) {}

  evaluate(r: TelemetryReading, rules: readonly TelemetryRule[]): Decision[] {
    const decisions: Decision[] = [];
    const t = r.timestamp.getTime();
    let states = this.kiosks.get(r.kioskId);
    for (const rule of rules) {
      const holds = conditionHolds(rule.condition, r);
      let st = states?.get(rule.id);
      if (!holds && !st) continue; // the common case: nothing going on, nothing kept
      if (!st) {
        st = { since: null, clear: 0, firing: false };
        if (!states) this.kiosks.set(r.kioskId, (states = new Map()));
        states.set(rule.id, st);
      }
      if (holds) {
        st.clear = 0;
        st.since ??= t;
        if (t - st.since >= rule.forSeconds * 1000) {
          decisions.push({
            kind: 'fire',
            kioskId: r.kioskId,
            ruleId: rule.id,
            at: r.timestamp,
            receivedAt: r.receivedAt,
            opened: !st.firing,
          });
          st.firing = true;
        }
      } else {
        st.since = null;
        if (st.firing && ++st.clear >= this.clearReadingsToResolve) {
          decisions.push({ kind: 'clear', kioskId: r.kioskId, ruleId: rule.id, at: r.timestamp });
          st.firing = false;
        }
        if (!st.firing) states?.delete(rule.id);
      }
    }
    if (states?.size === 0) this.kiosks.delete(r.kioskId);
    return decisions;
  }

  /** An alert of this (kiosk, rule) is open in the database: clear readings should resolve it. */
  markFiring(kioskId: number, ruleId: string): void {
    let states = this.kiosks.get(kioskId);
    if (!states) this.kiosks.set(kioskId, (states = new Map()));
    const st = states.get(ruleId);
    if (st) st.firing = true;
    else states.set(ruleId, { since: null, clear: 0, firing: true });
  }

  isFiring(kioskId: number, ruleId: string): boolean {
    return this.kiosks.get(kioskId)?.get(ruleId)?.firing ?? false;
  }

  forget(kioskId: number): void {
    this.kiosks.delete(kioskId);
  }

  /** Forgets rules that no longer exist (or no longer apply to readings). */
  retainRules(ruleIds: ReadonlySet<string>): void {
    for (const [kioskId, states] of this.kiosks) {
      for (const id of states.keys()) if (!ruleIds.has(id)) states.delete(id);
      if (states.size === 0) this.kiosks.delete(kioskId);
    }
  }

  /** (kiosk, rule) pairs with state, for metrics. */
  get size(): number {
    let n = 0;
    for (const s of this.kiosks.values()) n += s.size;
    return n;
  }
}
