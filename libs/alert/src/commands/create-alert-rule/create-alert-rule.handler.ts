import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@app/core';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import { AlertRule, toRule } from '../../rules/alert-rule';
import { AlertRuleRepository } from '../../rules/alert-rule.repository';
import { RuleCache } from '../../rules/rule-cache';
import { validateRule } from '../../rules/rule-input';
import { CreateAlertRuleCommand } from './create-alert-rule.command';

@CommandHandler(CreateAlertRuleCommand)
export class CreateAlertRuleHandler implements ICommandHandler<CreateAlertRuleCommand, AlertRule> {
  constructor(
    private readonly ruleRepository: AlertRuleRepository,
    private readonly rules: RuleCache,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ input }: CreateAlertRuleCommand): Promise<AlertRule> {
    const { rule, errors } = await validateRule((id) => this.kiosks.exists(id), input);
    if (!rule) throw new DomainError('invalid', 'Invalid alert rule', errors);
    const row = await this.ruleRepository.insert(rule);
    await this.rules.changed();
    return toRule(row);
  }
}
