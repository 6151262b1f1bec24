/** What the bench and the load generator child say to each other (see ipc.ts). */

export interface KioskCredential {
  id: number;
  serial: string;
  secret: string;
  /** What its QR code encodes (POST /kiosks/assign); set by registerKiosks. */
  code?: string;
}

export interface ConnectParams {
  url: string;
  kiosks: KioskCredential[];
  /** New connections per second: a real fleet does not reconnect all at once either. */
  ratePerSec: number;
}

export interface ConnectResult {
  connected: number;
  failed: Record<string, number>;
  seconds: number;
}

export interface ClosedLoopParams {
  /** Readings outstanding in total: each ack sends the next one, from the next kiosk in turn. */
  inflight: number;
  /** Keep each kiosk under this rate (the server's per-kiosk limit); absent: unpaced. */
  pace?: { perSec: number; burst: number };
}

export interface WindowStats {
  seconds: number;
  sent: number;
  /** `{ok: true}` replies that are not duplicates: readings the server says are stored. */
  stored: number;
  storedPerSec: number;
  duplicates: number;
  timeouts: number;
  /** Closed loop: sends that found every kiosk at its rate limit and had to wait. */
  paced: number;
  errors: Record<string, number>;
  latencyMs: { p50: number; p99: number; max: number };
}

export interface Totals {
  sent: number;
  stored: number;
  duplicates: number;
  timeouts: number;
  errors: Record<string, number>;
  inflight: number;
  /** process.cpuUsage() of the generator, seconds. */
  cpuSec: number;
}

/** The readings of one kiosk acknowledged as stored (load generator's `acked`). */
export interface AckedSeqs {
  kioskId: number;
  seqs: number[];
}

export const LOAD_TIMEOUT_MS = 10_000;

/* The write-path runner (write-path.ts); kept here so the bench need not load the Nest types. */

export interface WritePathParams {
  readings: number;
  repeats: number;
}

export interface WritePathResult {
  batchWriter: { rowsPerSec: number; runs: number[] };
  /** The target's comparison: one INSERT per reading through a pool of 10 connections. */
  singleInsert: { rowsPerSec: number; runs: number[] };
  ratio: number;
  /** Context: one INSERT per reading on a single connection. */
  singleInsertOneConnection: { rowsPerSec: number };
}
