import { ConcurrencySlots } from '@app/core';

/** What a long read is, for its metrics; the caps count every kind together. */
export type LongReadKind = 'payments_csv' | 'telemetry_range' | 'telemetry_export';

/** How a long read ended, for the duration histogram. */
export type LongReadOutcome = 'completed' | 'failed' | 'aborted';

export interface LongReadCaps {
  maxPerUser: number;
  maxPerInstance: number;
}

/** A place taken in the gate; `release` frees it once, whatever calls it later. */
export interface LongReadSlot {
  release(outcome: LongReadOutcome): void;
}

export type LongReadRefusal = { refused: 'per_user' | 'per_instance'; limit: number };

export interface LongReadEvents {
  entered(kind: LongReadKind): void;
  refused(kind: LongReadKind, cap: LongReadRefusal['refused']): void;
  released(kind: LongReadKind, outcome: LongReadOutcome, seconds: number): void;
}

/**
 * Counts the long reads running in this process, per principal and in total whatever their kind (a
 * payments CSV, a telemetry export and a long range all hold the same pool and event loop), and
 * refuses one over a cap. In-process on purpose: what it protects is this process's connection pool
 * and event loop.
 */
export class LongReadGate {
  private readonly slots: ConcurrencySlots;
  private readonly perKind = new Map<LongReadKind, number>();

  constructor(
    caps: LongReadCaps,
    private readonly events: LongReadEvents,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.slots = new ConcurrencySlots(caps.maxPerUser, caps.maxPerInstance);
  }

  tryEnter(kind: LongReadKind, principal: string): LongReadSlot | LongReadRefusal {
    const slot = this.slots.tryAcquire(principal);
    if (typeof slot === 'string') {
      const refusal: LongReadRefusal =
        slot === 'per_key'
          ? { refused: 'per_user', limit: this.slots.maxPerKey }
          : { refused: 'per_instance', limit: this.slots.maxTotal };
      this.events.refused(kind, refusal.refused);
      return refusal;
    }
    this.perKind.set(kind, (this.perKind.get(kind) ?? 0) + 1);
    this.events.entered(kind);
    const started = this.now();
    return {
      release: (outcome) => {
        if (!slot()) return;
        this.perKind.set(kind, (this.perKind.get(kind) ?? 1) - 1);
        this.events.released(kind, outcome, (this.now() - started) / 1000);
      },
    };
  }

  /** Long reads of this kind running now (all principals). */
  active(kind: LongReadKind): number {
    return this.perKind.get(kind) ?? 0;
  }
}

export const isRefusal = (x: LongReadSlot | LongReadRefusal): x is LongReadRefusal => 'refused' in x;
