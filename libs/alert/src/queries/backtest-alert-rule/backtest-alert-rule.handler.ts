import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, notFound, unprocessable } from '@app/core';
import { AlertOptions, InjectAlertOptions } from '../../alert.options';
import { RuleEvaluator, TelemetryRule } from '../../conditions/rule-evaluator';
import type { BacktestResultDto } from '../../dto/alert-rule.dto';
import { toReading } from '../../evaluation/stored-readings';
import { isTelemetryRule, toRule } from '../../rules/alert-rule';
import { AlertRuleRepository } from '../../rules/alert-rule.repository';
import { BacktestKey, FIRST_KEY, readBacktestPage } from './backtest-readings.sql';
import { BacktestAlertRuleQuery } from './backtest-alert-rule.query';

const PAGE_ROWS = 5000;
const MAX_RANGE_DAYS = 31;

/**
 * Replays the stored readings of the rule's kiosks, kiosk by kiosk in time order, through the same
 * evaluator as the live path (its `for` duration and auto-resolve count included) and counts the
 * alerts it would have opened. Read in keyset pages, so memory does not grow with the range.
 */
@QueryHandler(BacktestAlertRuleQuery)
export class BacktestAlertRuleHandler implements IQueryHandler<BacktestAlertRuleQuery, BacktestResultDto> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: AlertRuleRepository,
    @InjectAlertOptions() private readonly options: AlertOptions,
  ) {}

  async execute({ ruleId, from, to }: BacktestAlertRuleQuery): Promise<BacktestResultDto> {
    if (!(from < to))
      throw new DomainError('invalid', 'Invalid range', [{ field: 'to', message: 'to must be after from' }]);
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
      throw new DomainError('invalid', 'Range too long', [
        { field: 'to', message: `a backtest covers at most ${MAX_RANGE_DAYS} days` },
      ]);
    }
    const row = await this.rules.find(ruleId);
    if (!row) throw notFound('Alert rule');
    const rule = toRule(row);
    if (!isTelemetryRule(rule))
      throw unprocessable('Only telemetry rules can be backtested against stored telemetry');

    const evaluator = new RuleEvaluator(this.options.autoResolveReadings);
    const rules: TelemetryRule[] = [rule];
    const perKiosk = new Map<number, { count: number; firstAt: Date }>();
    let after: BacktestKey = FIRST_KEY;
    for (;;) {
      const page = await readBacktestPage(this.dataSource, {
        from,
        to,
        scopeKind: rule.scope.kind,
        scopeValue: rule.scope.value,
        after,
        rows: PAGE_ROWS,
      });
      for (const r of page) {
        for (const d of evaluator.evaluate(toReading(r), rules)) {
          if (d.kind !== 'fire' || !d.opened) continue;
          const k = perKiosk.get(d.kioskId);
          if (k) k.count++;
          else perKiosk.set(d.kioskId, { count: 1, firstAt: d.at });
        }
      }
      if (page.length < PAGE_ROWS) break;
      const last = page[page.length - 1];
      after = [last.kiosk_id, last.ts_key, last.row_id];
    }
    const kiosks = [...perKiosk].map(([kioskId, k]) => ({
      kioskId,
      count: k.count,
      firstAt: k.firstAt.toISOString(),
    }));
    return { wouldRaise: kiosks.reduce((n, k) => n + k.count, 0), kiosks };
  }
}
