import { CpuReport, RunResult } from './run';
import { LatencyHistogram } from './stats';

export interface SummaryContext {
  runId: string;
  url: string;
  seed: string;
  scenario: string;
  threads: number;
  intervalSec: number;
  timeScale: number;
  /** Kiosks per fault, as planned. */
  faultyKiosks: Record<string, number>;
  credentialsFile: string | null;
  groundTruth: { path: string; format: string } | null;
}

/** The final report; field names are stable, scripts and benchmarks read them. */
export interface SimulationSummary {
  runId: string;
  url: string;
  seed: string;
  scenario: string;
  faultyKiosks: Record<string, number>;
  kiosks: number;
  threads: number;
  intervalSec: number;
  timeScale: number;
  durationSec: number | null;
  simulatedSec: number | null;
  interrupted: boolean;
  connected: { max: number; final: number; connects: number; disconnects: number };
  readings: {
    sent: number;
    acked: number;
    resent: number;
    duplicates: number;
    rejected: number;
    dropped: number;
    pending: number;
  };
  ackLatencyMs: { p50: number | null; p99: number | null; max: number | null };
  commands: { received: Record<string, number>; acksSent: number; acksAcked: number };
  /** At the end: kiosks by running firmware and by applied `configure` version (`none`: never configured). */
  fleet: { firmwareVersions: Record<string, number>; configVersions: Record<string, number> };
  payments: { sent: number; acked: number; resent: number; duplicates: number; rejected: number };
  /** Ack errors and connection errors by code (`connect:unauthorized`, `invalid_payload`, `ack_timeout`, …). */
  errors: Record<string, number>;
  /** `kiosk_error` events pushed by the server, by code. */
  kioskErrors: Record<string, number>;
  cpu: CpuReport;
  rssMb: number;
  groundTruth: { path: string; format: string; lines: number } | null;
  credentialsFile: string | null;
}

function round(v: number | null, digits = 1): number | null {
  if (v === null) return null;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** The final JSON report: what scripts and benchmarks read. */
export function buildSummary(ctx: SummaryContext, r: RunResult): SimulationSummary {
  const s = r.snapshot;
  const hist = new LatencyHistogram(s.latencyCounts);
  hist.max = s.latencyMax;
  return {
    runId: ctx.runId,
    url: ctx.url,
    seed: ctx.seed,
    scenario: ctx.scenario,
    faultyKiosks: ctx.faultyKiosks,
    kiosks: s.kiosks,
    threads: ctx.threads,
    intervalSec: ctx.intervalSec,
    timeScale: ctx.timeScale,
    durationSec: round(r.durationSec, 3),
    simulatedSec: round(r.durationSec * ctx.timeScale, 0),
    interrupted: r.interrupted,
    connected: { max: r.maxConnected, final: s.connected, connects: s.connects, disconnects: s.disconnects },
    readings: {
      sent: s.readingsSent,
      acked: s.readingsAcked,
      resent: s.readingsResent,
      duplicates: s.readingsDuplicate,
      rejected: s.readingsRejected,
      dropped: s.readingsDropped,
      pending: s.readingsPending,
    },
    ackLatencyMs: {
      p50: round(hist.quantile(0.5), 2),
      p99: round(hist.quantile(0.99), 2),
      max: round(hist.max, 2),
    },
    commands: { received: s.commandsReceived, acksSent: s.commandAcksSent, acksAcked: s.commandAcksAcked },
    fleet: { firmwareVersions: s.firmwareVersions, configVersions: s.configVersions },
    payments: {
      sent: s.paymentsSent,
      acked: s.paymentsAcked,
      resent: s.paymentsResent,
      duplicates: s.paymentsDuplicate,
      rejected: s.paymentsRejected,
    },
    errors: s.errors,
    kioskErrors: s.kioskErrors,
    cpu: r.cpu,
    rssMb: r.rssMb,
    groundTruth: ctx.groundTruth ? { ...ctx.groundTruth, lines: s.groundTruthLines } : null,
    credentialsFile: ctx.credentialsFile,
  };
}
