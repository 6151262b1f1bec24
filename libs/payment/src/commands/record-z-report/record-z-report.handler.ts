import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, FieldError } from '@app/core';
import { CashMismatchDetectedEvent } from '@app/contracts';
import { formatAmount, normaliseCurrency, parseMoney } from '../../money/money';
import { ZReportRepository } from '../../repositories/z-report.repository';
import { readRecordedDayTotals } from './recorded-day-totals.sql';
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
    private readonly reports: ZReportRepository,
    private readonly events: EventBus,
  ) {}

  async execute({ kioskId, report }: RecordZReportCommand): Promise<ZReportResult> {
    const reported = this.readTotals(report.totals);
    if (!validTimezone(report.timezone)) {
      throw new DomainError('invalid', 'Invalid z_report: timezone is not an IANA time zone', [
        { field: 'timezone', message: 'must be an IANA time zone such as "America/Argentina/Buenos_Aires"' },
      ]);
    }
    const rows = await readRecordedDayTotals(this.dataSource, kioskId, report.businessDate, report.timezone);
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
    const stored = await this.reports.upsert({
      kioskId,
      businessDate: report.businessDate,
      timezone: report.timezone,
      reported: reportedJson,
      recorded: recordedJson,
      mismatches: JSON.stringify(mismatches),
    });
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
