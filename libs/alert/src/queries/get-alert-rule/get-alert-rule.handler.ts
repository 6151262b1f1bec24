import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { queryRecords } from '@app/database';
import { AlertRule, AlertRuleRow, toRule } from '../../rules/alert-rule';
import { GetAlertRuleQuery } from './get-alert-rule.query';

@QueryHandler(GetAlertRuleQuery)
export class GetAlertRuleHandler implements IQueryHandler<GetAlertRuleQuery, AlertRule> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ ruleId }: GetAlertRuleQuery): Promise<AlertRule> {
    const [row] = await queryRecords<AlertRuleRow>(
      this.dataSource,
      `SELECT * FROM alert_rules WHERE id = $1`,
      [ruleId],
    );
    if (!row) throw notFound('Alert rule');
    return toRule(row);
  }
}
