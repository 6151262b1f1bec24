/**
 * Counters for one thread's kiosks. Snapshots are plain JSON so worker threads can post them and
 * the main thread can add them up; the latency histogram is bucketed so it merges exactly.
 */

/** Log-spaced latency buckets (≈5% wide) from 0.1 ms to ~2 min. */
const HIST_MIN_MS = 0.1;
const HIST_GROWTH = 1.05;
const HIST_BUCKETS = 290;
const LOG_GROWTH = Math.log(HIST_GROWTH);

export class LatencyHistogram {
  readonly counts: number[];
  count = 0;
  max = 0;

  constructor(counts?: number[]) {
    this.counts = counts ? counts.slice() : new Array<number>(HIST_BUCKETS).fill(0);
    if (counts) this.count = counts.reduce((a, b) => a + b, 0);
  }

  record(ms: number): void {
    const i =
      ms <= HIST_MIN_MS ? 0 : Math.min(HIST_BUCKETS - 1, Math.floor(Math.log(ms / HIST_MIN_MS) / LOG_GROWTH));
    this.counts[i]++;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  merge(counts: readonly number[], max: number): void {
    for (let i = 0; i < HIST_BUCKETS; i++) {
      this.counts[i] += counts[i] ?? 0;
      this.count += counts[i] ?? 0;
    }
    if (max > this.max) this.max = max;
  }

  /** Upper edge of the bucket holding the q-quantile; null when nothing was recorded. */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.ceil(q * this.count);
    let seen = 0;
    for (let i = 0; i < HIST_BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(this.max, HIST_MIN_MS * HIST_GROWTH ** (i + 1));
    }
    return this.max;
  }
}

export interface StatsSnapshot {
  kiosks: number;
  connected: number;
  joined: number;
  /** Kiosks that have joined at least once: the ramp is over when this reaches `kiosks`. */
  joinedOnce: number;
  maxConnected: number;
  connects: number;
  disconnects: number;
  readingsSent: number;
  readingsResent: number;
  readingsAcked: number;
  readingsDuplicate: number;
  readingsRejected: number;
  readingsDropped: number;
  readingsPending: number;
  paymentsSent: number;
  paymentsResent: number;
  paymentsAcked: number;
  paymentsDuplicate: number;
  paymentsRejected: number;
  commandsReceived: Record<string, number>;
  commandAcksSent: number;
  commandAcksAcked: number;
  errors: Record<string, number>;
  kioskErrors: Record<string, number>;
  groundTruthLines: number;
  /** Kiosks by the firmware version they run (what they report on join). */
  firmwareVersions: Record<string, number>;
  /** Kiosks by applied `configure` version; `none` before the first. */
  configVersions: Record<string, number>;
  latencyCounts: number[];
  latencyMax: number;
}

export class FleetStats {
  kiosks = 0;
  connected = 0;
  joined = 0;
  joinedOnce = 0;
  maxConnected = 0;
  connects = 0;
  disconnects = 0;
  readingsSent = 0;
  readingsResent = 0;
  readingsAcked = 0;
  readingsDuplicate = 0;
  readingsRejected = 0;
  paymentsSent = 0;
  paymentsResent = 0;
  paymentsAcked = 0;
  paymentsDuplicate = 0;
  paymentsRejected = 0;
  commandAcksSent = 0;
  commandAcksAcked = 0;
  groundTruthLines = 0;
  readonly commandsReceived: Record<string, number> = {};
  readonly errors: Record<string, number> = {};
  readonly kioskErrors: Record<string, number> = {};
  readonly latency = new LatencyHistogram();
  /** Supplied by the fleet, which owns the outboxes. */
  pendingReadings: () => number = () => 0;
  droppedReadings: () => number = () => 0;
  /** Supplied by the fleet: its kiosks by firmware version and by applied config version. */
  fleetState: () => { firmware: Record<string, number>; config: Record<string, number> } = () => ({
    firmware: {},
    config: {},
  });

  onConnected(): void {
    this.connected++;
    this.connects++;
    if (this.connected > this.maxConnected) this.maxConnected = this.connected;
  }

  onDisconnected(): void {
    this.connected--;
    this.disconnects++;
  }

  error(code: string): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }

  kioskError(code: string): void {
    this.kioskErrors[code] = (this.kioskErrors[code] ?? 0) + 1;
  }

  command(name: string): void {
    this.commandsReceived[name] = (this.commandsReceived[name] ?? 0) + 1;
  }

  snapshot(): StatsSnapshot {
    const state = this.fleetState();
    return {
      kiosks: this.kiosks,
      connected: this.connected,
      joined: this.joined,
      joinedOnce: this.joinedOnce,
      maxConnected: this.maxConnected,
      connects: this.connects,
      disconnects: this.disconnects,
      readingsSent: this.readingsSent,
      readingsResent: this.readingsResent,
      readingsAcked: this.readingsAcked,
      readingsDuplicate: this.readingsDuplicate,
      readingsRejected: this.readingsRejected,
      readingsDropped: this.droppedReadings(),
      readingsPending: this.pendingReadings(),
      paymentsSent: this.paymentsSent,
      paymentsResent: this.paymentsResent,
      paymentsAcked: this.paymentsAcked,
      paymentsDuplicate: this.paymentsDuplicate,
      paymentsRejected: this.paymentsRejected,
      commandsReceived: { ...this.commandsReceived },
      commandAcksSent: this.commandAcksSent,
      commandAcksAcked: this.commandAcksAcked,
      errors: { ...this.errors },
      kioskErrors: { ...this.kioskErrors },
      groundTruthLines: this.groundTruthLines,
      firmwareVersions: state.firmware,
      configVersions: state.config,
      latencyCounts: this.latency.counts.slice(),
      latencyMax: this.latency.max,
    };
  }
}

function addRecord(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/**
 * Adds up per-thread snapshots. `maxConnected` becomes the sum of per-thread peaks, an upper bound
 * when threads peak at different moments; the runner prefers its own sampled peak then.
 */
export function mergeSnapshots(parts: readonly StatsSnapshot[]): StatsSnapshot {
  const total = new FleetStats().snapshot();
  const hist = new LatencyHistogram();
  for (const p of parts) {
    total.kiosks += p.kiosks;
    total.connected += p.connected;
    total.joined += p.joined;
    total.joinedOnce += p.joinedOnce;
    total.maxConnected += p.maxConnected;
    total.connects += p.connects;
    total.disconnects += p.disconnects;
    total.readingsSent += p.readingsSent;
    total.readingsResent += p.readingsResent;
    total.readingsAcked += p.readingsAcked;
    total.readingsDuplicate += p.readingsDuplicate;
    total.readingsRejected += p.readingsRejected;
    total.readingsDropped += p.readingsDropped;
    total.readingsPending += p.readingsPending;
    total.paymentsSent += p.paymentsSent;
    total.paymentsResent += p.paymentsResent;
    total.paymentsAcked += p.paymentsAcked;
    total.paymentsDuplicate += p.paymentsDuplicate;
    total.paymentsRejected += p.paymentsRejected;
    total.commandAcksSent += p.commandAcksSent;
    total.commandAcksAcked += p.commandAcksAcked;
    total.groundTruthLines += p.groundTruthLines;
    addRecord(total.commandsReceived, p.commandsReceived);
    addRecord(total.errors, p.errors);
    addRecord(total.kioskErrors, p.kioskErrors);
    addRecord(total.firmwareVersions, p.firmwareVersions);
    addRecord(total.configVersions, p.configVersions);
    hist.merge(p.latencyCounts, p.latencyMax);
  }
  total.latencyCounts = hist.counts;
  total.latencyMax = hist.max;
  return total;
}
