import type { LoggerService } from '@nestjs/common';
import type Redis from 'ioredis';
import { LeaderLock } from './leader-lock';

export interface PeriodicTaskLeader {
  redis: Redis;
  /** The lock's key, the same on every instance (e.g. `leader:alert-sweeper`). */
  key: string;
  /** An instance that stops renewing loses the lock after this long; longer than the interval. */
  ttlMs: number;
  /** The process's INSTANCE_ID unless a test plays several instances in one process. */
  owner?: string;
}

export interface PeriodicTaskOptions {
  intervalMs: number;
  /** One pass. `stopping` is aborted when shutdown begins, so a long pass can end early. */
  run: (stopping: AbortSignal) => Promise<unknown>;
  /** A failed pass is logged at warn level as `<failure>: <error message>`; the next one retries. */
  logger: Pick<LoggerService, 'warn'>;
  failure: string;
  /** Passes run only on the instance holding this lock; without it, on every instance. */
  leader?: PeriodicTaskLeader;
}

/**
 * A task repeated every `intervalMs` in the background, the skeleton every sweeper shares: passes
 * never overlap (a tick that finds one running is skipped), a failure is logged and does not stop
 * the next pass, and `stop` waits for the pass in progress, so shutdown never closes the database
 * under it. With `leader`, only the holder of a Redis lock runs passes: it renews the lock at each
 * pass and during a long one, and gives it up at `stop` so another instance takes over at once.
 */
export class PeriodicTask {
  private readonly lock: LeaderLock | undefined;
  private readonly renewEveryMs: number;
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  /** The passes in progress (one, plus the ones asked for meanwhile); resolves to the last's success. */
  private current: Promise<boolean> | undefined;
  private again = false;

  constructor(private readonly options: PeriodicTaskOptions) {
    const { leader, intervalMs } = options;
    if (leader && leader.ttlMs <= intervalMs) {
      // The lock would lapse between passes and leadership would hop from instance to instance.
      throw new Error(
        `leader lock ${leader.key}: ttlMs (${leader.ttlMs}) must exceed intervalMs (${intervalMs})`,
      );
    }
    this.lock = leader && new LeaderLock(leader.redis, leader.key, leader.ttlMs, leader.owner);
    this.renewEveryMs = leader ? leader.ttlMs / 3 : 0;
  }

  /** Starts the ticks (the first one `intervalMs` from now); a no-op if started or stopped. */
  start(): void {
    if (this.timer || this.stopping.signal.aborted) return;
    this.timer = setInterval(() => {
      if (!this.current) this.trigger();
    }, this.options.intervalMs);
    this.timer.unref();
  }

  /**
   * A pass now, or, if one is running, once more right after it: the running one may have started
   * too early to see what the caller has just announced (a notification, a change).
   */
  trigger(): void {
    if (this.stopping.signal.aborted) return;
    if (this.current) {
      this.again = true;
      return;
    }
    this.current = this.passes();
  }

  /** Triggers a pass and waits for it; true if it ran (this instance leads) and succeeded. */
  async runNow(): Promise<boolean> {
    this.trigger();
    return (await this.current) ?? false;
  }

  /** No pass starts any more; waits for the one in progress, then gives the lock up if held. */
  async stop(): Promise<void> {
    this.stopping.abort();
    clearInterval(this.timer);
    await this.current;
    await this.lock?.release();
  }

  private async passes(): Promise<boolean> {
    for (;;) {
      this.again = false;
      const ok = await this.pass();
      // Cleared here, not in a `finally` callback: a trigger() between the two would be lost.
      if (!this.again || this.stopping.signal.aborted) {
        this.current = undefined;
        return ok;
      }
    }
  }

  private async pass(): Promise<boolean> {
    let renewal: NodeJS.Timeout | undefined;
    try {
      const lock = this.lock;
      if (lock) {
        if (!(await lock.holdOrTake())) return false;
        // A pass longer than the TTL must not let another instance start a second one meanwhile.
        renewal = setInterval(() => void lock.holdOrTake().catch(() => false), this.renewEveryMs);
        renewal.unref();
      }
      await this.options.run(this.stopping.signal);
      return true;
    } catch (e) {
      this.options.logger.warn(`${this.options.failure}: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    } finally {
      clearInterval(renewal);
    }
  }
}
