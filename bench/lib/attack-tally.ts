import { sleep } from './stats';

/*
 * How the server answered each attack of bench:hostile, counted in the attacker's process. An
 * answer nobody expected (an exception, a dropped socket, a 5xx) is an outcome like any other: the
 * bench reports it and carries on.
 */

/** attack → outcome → count. */
export type Tally = Record<string, Record<string, number>>;

export class AttackTally {
  private readonly counts: Tally = {};

  count(attack: string, outcome: string, n = 1): void {
    const row = (this.counts[attack] ??= {});
    row[outcome] = (row[outcome] ?? 0) + n;
  }

  /** Counts every outcome of a batch (e.g. a flood's replies) at once. */
  countAll(attack: string, outcomes: string[]): void {
    for (const o of outcomes) this.count(attack, o);
  }

  get(): Tally {
    return this.counts;
  }
}

interface AckReply {
  ok?: boolean;
  duplicate?: boolean;
  error?: { code?: string };
}

/** `ack ok`, `ack ok duplicate`, `ack <error code>`, or the shape when it is no ack at all. */
export function ackOutcome(reply: unknown): string {
  const r = reply as AckReply | null | undefined;
  if (r && typeof r === 'object') {
    if (r.ok === true) return r.duplicate ? 'ack ok duplicate' : 'ack ok';
    if (r.ok === false) return `ack ${r.error?.code ?? 'error'}`;
  }
  return 'ack unexpected shape';
}

export const errorOutcome = (e: unknown): string =>
  `threw ${(e as NodeJS.ErrnoException)?.code ?? (e instanceof Error ? e.message : String(e)).slice(0, 60)}`;

/**
 * Runs `once` again and again until `running()` turns false, at most once per `minPeriodMs`; an
 * exception is counted against `attack` and the loop goes on.
 */
export async function repeat(
  tally: AttackTally,
  attack: string,
  running: () => boolean,
  once: () => Promise<void>,
  minPeriodMs = 0,
): Promise<void> {
  while (running()) {
    const started = performance.now();
    try {
      await once();
    } catch (e) {
      tally.count(attack, errorOutcome(e));
    }
    const rest = minPeriodMs - (performance.now() - started);
    if (rest > 0 && running()) await sleep(rest);
  }
}
