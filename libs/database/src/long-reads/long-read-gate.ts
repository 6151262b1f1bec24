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
  private total = 0;
  private readonly perUser = new Map<string, number>();
  private readonly perKind = new Map<LongReadKind, number>();

  constructor(
    private readonly caps: LongReadCaps,
    private readonly events: LongReadEvents,
    private readonly now: () => number = () => performance.now(),
  ) {}

  tryEnter(kind: LongReadKind, principal: string): LongReadSlot | LongReadRefusal {
    const mine = this.perUser.get(principal) ?? 0;
    const refusal: LongReadRefusal | undefined =
      mine >= this.caps.maxPerUser
        ? { refused: 'per_user', limit: this.caps.maxPerUser }
        : this.total >= this.caps.maxPerInstance
          ? { refused: 'per_instance', limit: this.caps.maxPerInstance }
          : undefined;
    if (refusal) {
      this.events.refused(kind, refusal.refused);
      return refusal;
    }
    this.total++;
    this.perUser.set(principal, mine + 1);
    this.perKind.set(kind, (this.perKind.get(kind) ?? 0) + 1);
    this.events.entered(kind);
    const started = this.now();
    let released = false;
    return {
      release: (outcome) => {
        if (released) return;
        released = true;
        this.total--;
        this.perKind.set(kind, (this.perKind.get(kind) ?? 1) - 1);
        const left = (this.perUser.get(principal) ?? 1) - 1;
        if (left > 0) this.perUser.set(principal, left);
        else this.perUser.delete(principal);
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
