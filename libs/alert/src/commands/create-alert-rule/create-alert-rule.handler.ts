import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/core';
import { queryRecords } from '@app/database';
import { AlertRule, AlertRuleRow, toRule } from '../../rules/alert-rule';
import { RuleCache } from '../../rules/rule-cache';
import { validateRule } from '../../rules/rule-input';
import { CreateAlertRuleCommand } from './create-alert-rule.command';

@CommandHandler(CreateAlertRuleCommand)
export class CreateAlertRuleHandler implements ICommandHandler<CreateAlertRuleCommand, AlertRule> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: RuleCache,
  ) {}

  async execute({ input }: CreateAlertRuleCommand): Promise<AlertRule> {
    const { rule, errors } = await validateRule(this.dataSource, input);
    if (!rule) throw new DomainError('invalid', 'Invalid alert rule', errors);
    const [row] = await queryRecords<AlertRuleRow>(
      this.dataSource,
      `INSERT INTO alert_rules (name, severity, enabled, scope_kind, scope_value, condition, for_seconds)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING *`,
      [
        rule.name,
        rule.severity,
        rule.enabled,
        rule.scopeKind,
        rule.scopeValue,
        JSON.stringify(rule.condition),
        rule.forSeconds,
      ],
    );
    await this.rules.changed();
    return toRule(row);
  }
}
