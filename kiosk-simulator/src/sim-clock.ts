/**
 * Simulated time runs `timeScale` times faster than the wall clock from a shared origin, so every
 * thread computes the same simulated "now" without talking to the others.
 */
export class SimClock {
  constructor(
    readonly realStartMs: number,
    readonly simStartMs: number,
    readonly timeScale: number,
  ) {}

  now(realMs = Date.now()): number {
    return this.simStartMs + (realMs - this.realStartMs) * this.timeScale;
  }

  /** Simulated instant of a wall-clock offset from the start (ms). */
  atRealOffset(offsetMs: number): number {
    return this.simStartMs + offsetMs * this.timeScale;
  }

  /** Wall-clock ms to wait for a delay expressed in simulated ms (command execution, outages). */
  realDelay(simMs: number): number {
    return simMs / this.timeScale;
  }
}
