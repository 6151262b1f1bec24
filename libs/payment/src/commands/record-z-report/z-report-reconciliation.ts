import type { PaymentMethod } from '@app/contracts';

/** What the server recorded for one (currency, method) of the day. */
export interface RecordedTotal {
  currency: string;
  method: PaymentMethod;
  count: number;
  minor: bigint;
}

/** One reported line, its amount read exactly. */
export interface ReportedTotal {
  currency: string;
  method: PaymentMethod | null;
  count: number | null;
  minor: bigint;
}

export interface Discrepancy {
  currency: string;
  method: PaymentMethod | null;
  reportedMinor: bigint;
  recordedMinor: bigint;
  reportedCount: number | null;
  recordedCount: number;
}

/**
 * Compares a kiosk's day report with the recorded payments. A line without method covers every
 * method of its currency; a recorded (currency, method) no line covers counts as reported zero, so
 * a sale the kiosk forgot to report is a mismatch too. Counts are compared when the kiosk sent them.
 */
export function reconcile(
  reported: readonly ReportedTotal[],
  recorded: readonly RecordedTotal[],
): Discrepancy[] {
  const out: Discrepancy[] = [];
  const covered = (r: RecordedTotal) =>
    reported.some((l) => l.currency === r.currency && (l.method === null || l.method === r.method));
  for (const line of reported) {
    const mine = recorded.filter(
      (r) => r.currency === line.currency && (line.method === null || r.method === line.method),
    );
    const recordedMinor = mine.reduce((s, r) => s + r.minor, 0n);
    const recordedCount = mine.reduce((s, r) => s + r.count, 0);
    if (recordedMinor !== line.minor || (line.count !== null && line.count !== recordedCount)) {
      out.push({
        currency: line.currency,
        method: line.method,
        reportedMinor: line.minor,
        recordedMinor,
        reportedCount: line.count,
        recordedCount,
      });
    }
  }
  for (const r of recorded) {
    if (!covered(r)) {
      out.push({
        currency: r.currency,
        method: r.method,
        reportedMinor: 0n,
        recordedMinor: r.minor,
        reportedCount: null,
        recordedCount: r.count,
      });
    }
  }
  return out;
}
