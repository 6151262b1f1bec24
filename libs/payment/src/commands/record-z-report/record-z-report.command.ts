import type { PaymentMethod } from '@app/contracts';

/** One line of a kiosk's day report: a currency, optionally one method, and its total. */
export interface ZReportLine {
  currency: string;
  /** Null: every method of the currency. */
  method: PaymentMethod | null;
  count: number | null;
  /** As sent: decimal string or JSON number, major units. */
  amount: string | number;
}

/** A kiosk's own totals of one business day (`kiosk_payment` with `type: "z_report"`). */
export class RecordZReportCommand {
  constructor(
    readonly kioskId: number,
    readonly report: { businessDate: string; timezone: string; totals: ZReportLine[] },
  ) {}
}

export interface ZReportMismatch {
  currency: string;
  method: PaymentMethod | null;
  reported: string;
  recorded: string;
  reportedCount: number | null;
  recordedCount: number;
}

export interface ZReportResult {
  reportId: string;
  matched: boolean;
  mismatches: ZReportMismatch[];
  /** The same report was received before: stored once, mismatches announced once. */
  duplicate: boolean;
}
