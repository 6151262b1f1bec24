import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, FieldError } from '@app/core';
import { CashMismatchDetectedEvent, PaymentMethod } from '@app/contracts';
import { queryRecords } from '@app/database';
import { formatAmount, normaliseCurrency, parseMoney } from '../../money/money';
import { RecordZReportCommand, ZReportResult } from './record-z-report.command';
import { reconcile, RecordedTotal, ReportedTotal } from './z-report-reconciliation';

/** A day's total may be large, but not absurd: 10^15 minor units. */
const MAX_DAY_MINOR = 10n ** 15n;

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Stores a kiosk's own day totals beside what the server recorded for that business day (the
 * kiosk's local day, in its time zone: gross sales of payments that did not fail), and announces
 * every mismatch as a CashMismatchDetectedEvent (the alert module raises `cash_mismatch`). The same
 * report sent again is stored once and announced once.
 */
@CommandHandler(RecordZReportCommand)
export class RecordZReportHandler implements ICommandHandler<RecordZReportCommand, ZReportResult> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventBus,
  ) {}

  async execute({ kioskId, report }: RecordZReportCommand): Promise<ZReportResult> {
    const reported = this.readTotals(report.totals);
    if (!validTimezone(report.timezone)) {
      throw new DomainError('invalid', 'Invalid z_report: timezone is not an IANA time zone', [
        { field: 'timezone', message: 'must be an IANA time zone such as "America/Argentina/Buenos_Aires"' },
      ]);
    }
    const rows = await queryRecords<{
      currency: string;
      method: PaymentMethod;
      count: number;
      total: string;
    }>(
      this.dataSource,
      `SELECT currency, method, count(*)::int AS count, sum(amount_minor)::text AS total
         FROM payments
        WHERE kiosk_id = $1 AND status <> 'failed'
          AND occurred_at >= ($2::date)::timestamp AT TIME ZONE $3
          AND occurred_at < ($2::date + 1)::timestamp AT TIME ZONE $3
        GROUP BY currency, method ORDER BY currency, method`,
      [kioskId, report.businessDate, report.timezone],
    );
    const recorded: RecordedTotal[] = rows.map((r) => ({
      currency: r.currency,
      method: r.method,
      count: r.count,
      minor: BigInt(r.total),
    }));
    const discrepancies = reconcile(reported, recorded);
    const mismatches = discrepancies.map((d) => ({
      currency: d.currency,
      method: d.method,
      reported: formatAmount(d.reportedMinor, d.currency),
      recorded: formatAmount(d.recordedMinor, d.currency),
      reportedCount: d.reportedCount,
      recordedCount: d.recordedCount,
    }));
    const reportedJson = JSON.stringify(
      reported.map((r) => ({
        currency: r.currency,
        method: r.method,
        count: r.count,
        amountMinor: r.minor.toString(),
      })),
    );
    const recordedJson = JSON.stringify(recorded.map((r) => ({ ...r, minor: r.minor.toString() })));
    const [stored] = await queryRecords<{ id: string; same: boolean | null }>(
      this.dataSource,
      `WITH old AS (SELECT reported FROM payment_z_reports WHERE kiosk_id = $1 AND business_date = $2::date)
       INSERT INTO payment_z_reports AS z (kiosk_id, business_date, timezone, reported, recorded, mismatches)
       VALUES ($1, $2::date, $3, $4::jsonb, $5::jsonb, $6::jsonb)
       ON CONFLICT (kiosk_id, business_date) DO UPDATE
         SET timezone = EXCLUDED.timezone, reported = EXCLUDED.reported, recorded = EXCLUDED.recorded,
             mismatches = EXCLUDED.mismatches, received_at = now()
       RETURNING z.id, (SELECT old.reported = $4::jsonb FROM old) AS same`,
      [kioskId, report.businessDate, report.timezone, reportedJson, recordedJson, JSON.stringify(mismatches)],
    );
    const duplicate = stored.same === true;
    if (!duplicate) {
      for (const d of discrepancies) {
        this.events.publish(
          new CashMismatchDetectedEvent({
            kioskId,
            businessDate: report.businessDate,
            currency: d.currency,
            method: d.method,
            reportedMinor: Number(d.reportedMinor),
            recordedMinor: Number(d.recordedMinor),
            reportedCount: d.reportedCount,
            recordedCount: d.recordedCount,
          }),
        );
      }
    }
    return { reportId: stored.id, matched: mismatches.length === 0, mismatches, duplicate };
  }

  private readTotals(lines: RecordZReportCommand['report']['totals']): ReportedTotal[] {
    const problems: FieldError[] = [];
    const out: ReportedTotal[] = [];
    const seen = new Set<string>();
    lines.forEach((line, i) => {
      const currency = normaliseCurrency(line.currency);
      if (!currency) {
        problems.push({ field: `totals.${i}.currency`, message: 'is not a supported ISO 4217 currency' });
        return;
      }
      const money = parseMoney(line.amount, currency, {
        maxMinor: MAX_DAY_MINOR,
        allowZero: true,
        field: `totals.${i}.amount`,
      });
      if (!money.ok) return void problems.push(money.problem);
      const key = `${currency}/${line.method ?? '*'}`;
      if (seen.has(key)) {
        problems.push({ field: `totals.${i}`, message: `repeats ${key}` });
        return;
      }
      seen.add(key);
      out.push({ currency, method: line.method, count: line.count, minor: money.minor });
    });
    if (problems.length) {
      throw new DomainError(
        'invalid',
        `Invalid z_report: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
        problems,
      );
    }
    return out;
  }
}
