import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { AlertRule, toRule } from '../../rules/alert-rule';
import { findRule } from '../../rules/alert-rule-repository';
import { GetAlertRuleQuery } from './get-alert-rule.query';

@QueryHandler(GetAlertRuleQuery)
export class GetAlertRuleHandler implements IQueryHandler<GetAlertRuleQuery, AlertRule> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ ruleId }: GetAlertRuleQuery): Promise<AlertRule> {
    const row = await findRule(this.dataSource, ruleId);
    if (!row) throw notFound('Alert rule');
    return toRule(row);
  }
}
