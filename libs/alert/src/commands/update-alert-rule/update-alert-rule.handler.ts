import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, notFound } from '@app/core';
import { AlertStore } from '../../alerts/alert-store';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import { AlertRule, toRule } from '../../rules/alert-rule';
import { AlertRuleRepository } from '../../rules/alert-rule.repository';
import { RuleCache } from '../../rules/rule-cache';
import { validateRule } from '../../rules/rule-input';
import { UpdateAlertRuleCommand } from './update-alert-rule.command';

/**
 * Replaces the fields sent. A rule disabled, or whose condition or scope changed, no longer vouches
 * for its open alerts: they are resolved (`rule_changed`) rather than left open forever.
 */
@CommandHandler(UpdateAlertRuleCommand)
export class UpdateAlertRuleHandler implements ICommandHandler<UpdateAlertRuleCommand, AlertRule> {
  constructor(
    private readonly rules: RuleCache,
    private readonly ruleRepository: AlertRuleRepository,
    private readonly store: AlertStore,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ id, patch }: UpdateAlertRuleCommand): Promise<AlertRule> {
    const updated = await this.store.transact(async (tx) => {
      const row = await this.ruleRepository.find(id, true, tx.manager);
      if (!row) throw notFound('Alert rule');
      const current = toRule(row);
      const { rule, errors } = await validateRule((kioskId) => this.kiosks.exists(kioskId), {
        name: patch.name ?? current.name,
        severity: patch.severity ?? current.severity,
        enabled: patch.enabled ?? current.enabled,
        scope: patch.scope ?? current.scope,
        condition: patch.condition ?? current.condition,
        forSeconds: patch.forSeconds ?? current.forSeconds,
      });
      if (!rule) throw new DomainError('invalid', 'Invalid alert rule', errors);
      const saved = await this.ruleRepository.save(id, rule, tx.manager);
      const meaningChanged =
        !rule.enabled ||
        patch.condition !== undefined ||
        patch.scope !== undefined ||
        patch.forSeconds !== undefined;
      if (meaningChanged) await tx.resolveRuleAlerts(id, 'rule_changed');
      return toRule(saved);
    });
    await this.rules.changed();
    return updated;
  }
}
