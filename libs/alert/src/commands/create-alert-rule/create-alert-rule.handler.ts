import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/core';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import { AlertRule, toRule } from '../../rules/alert-rule';
import { insertRule } from '../../rules/alert-rule-repository';
import { RuleCache } from '../../rules/rule-cache';
import { validateRule } from '../../rules/rule-input';
import { CreateAlertRuleCommand } from './create-alert-rule.command';

@CommandHandler(CreateAlertRuleCommand)
export class CreateAlertRuleHandler implements ICommandHandler<CreateAlertRuleCommand, AlertRule> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: RuleCache,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ input }: CreateAlertRuleCommand): Promise<AlertRule> {
    const { rule, errors } = await validateRule((id) => this.kiosks.exists(id), input);
    if (!rule) throw new DomainError('invalid', 'Invalid alert rule', errors);
    const row = await insertRule(this.dataSource, rule);
    await this.rules.changed();
    return toRule(row);
  }
}
