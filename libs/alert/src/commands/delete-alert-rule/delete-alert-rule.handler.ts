import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { notFound } from '@app/core';
import { AlertStore } from '../../alerts/alert-store';
import { AlertRuleRepository } from '../../rules/alert-rule.repository';
import { RuleCache } from '../../rules/rule-cache';
import { DeleteAlertRuleCommand } from './delete-alert-rule.command';

/** Deletes a rule; its open alerts are resolved (`rule_deleted`), its history keeps `ruleId: null`. */
@CommandHandler(DeleteAlertRuleCommand)
export class DeleteAlertRuleHandler implements ICommandHandler<DeleteAlertRuleCommand, void> {
  constructor(
    private readonly rules: RuleCache,
    private readonly ruleRepository: AlertRuleRepository,
    private readonly store: AlertStore,
  ) {}

  async execute({ id }: DeleteAlertRuleCommand): Promise<void> {
    await this.store.transact(async (tx) => {
      await tx.resolveRuleAlerts(id, 'rule_deleted');
      if (!(await this.ruleRepository.delete(id, tx.manager))) throw notFound('Alert rule');
    });
    await this.rules.changed();
  }
}
