import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, notFound } from '@app/core';
import { ALERT_COLUMNS } from '../../alerts/alert-row';
import { AlertStore } from '../../alerts/alert-store';
import { AlertRule, AlertRuleRow, toRule } from '../../rules/alert-rule';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: RuleCache,
    private readonly store: AlertStore,
  ) {}

  async execute({ id, patch }: UpdateAlertRuleCommand): Promise<AlertRule> {
    const updated = await this.store.transact(async (tx) => {
      const [row] = await tx.query<AlertRuleRow>(`SELECT * FROM alert_rules WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) throw notFound('Alert rule');
      const current = toRule(row);
      const { rule, errors } = await validateRule(this.dataSource, {
        name: patch.name ?? current.name,
        severity: patch.severity ?? current.severity,
        enabled: patch.enabled ?? current.enabled,
        scope: patch.scope ?? current.scope,
        condition: patch.condition ?? current.condition,
        forSeconds: patch.forSeconds ?? current.forSeconds,
      });
      if (!rule) throw new DomainError('invalid', 'Invalid alert rule', errors);
      const [saved] = await tx.query<AlertRuleRow>(
        `UPDATE alert_rules SET name = $2, severity = $3, enabled = $4, scope_kind = $5, scope_value = $6,
                condition = $7::jsonb, for_seconds = $8, updated_at = now()
          WHERE id = $1 RETURNING *`,
        [
          id,
          rule.name,
          rule.severity,
          rule.enabled,
          rule.scopeKind,
          rule.scopeValue,
          JSON.stringify(rule.condition),
          rule.forSeconds,
        ],
      );
      const meaningChanged =
        !rule.enabled ||
        patch.condition !== undefined ||
        patch.scope !== undefined ||
        patch.forSeconds !== undefined;
      if (meaningChanged) {
        await tx.update(
          `UPDATE alerts a SET status = 'resolved', resolved_at = now(), resolved_reason = 'rule_changed'
            WHERE a.rule_id = $1 AND a.status <> 'resolved' RETURNING ${ALERT_COLUMNS}`,
          [id],
          'resolved',
        );
      }
      return toRule(saved);
    });
    await this.rules.changed();
    return updated;
  }
}
