import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '@app/core';
import { AlertRule, toRule } from '../../rules/alert-rule';
import { AlertRuleRepository } from '../../rules/alert-rule.repository';
import { GetAlertRuleQuery } from './get-alert-rule.query';

@QueryHandler(GetAlertRuleQuery)
export class GetAlertRuleHandler implements IQueryHandler<GetAlertRuleQuery, AlertRule> {
  constructor(private readonly rules: AlertRuleRepository) {}

  async execute({ ruleId }: GetAlertRuleQuery): Promise<AlertRule> {
    const row = await this.rules.find(ruleId);
    if (!row) throw notFound('Alert rule');
    return toRule(row);
  }
}
