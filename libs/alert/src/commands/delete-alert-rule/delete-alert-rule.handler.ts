import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { notFound } from '@app/core';
import { ALERT_COLUMNS } from '../../alerts/alert-row';
import { AlertStore } from '../../alerts/alert-store';
import { RuleCache } from '../../rules/rule-cache';
import { DeleteAlertRuleCommand } from './delete-alert-rule.command';

/** Deletes a rule; its open alerts are resolved (`rule_deleted`), its history keeps `ruleId: null`. */
@CommandHandler(DeleteAlertRuleCommand)
export class DeleteAlertRuleHandler implements ICommandHandler<DeleteAlertRuleCommand, void> {
  constructor(
    private readonly rules: RuleCache,
    private readonly store: AlertStore,
  ) {}

  async execute({ id }: DeleteAlertRuleCommand): Promise<void> {
    await this.store.transact(async (tx) => {
      await tx.update(
        `UPDATE alerts a SET status = 'resolved', resolved_at = now(), resolved_reason = 'rule_deleted'
          WHERE a.rule_id = $1 AND a.status <> 'resolved' RETURNING ${ALERT_COLUMNS}`,
        [id],
        'resolved',
      );
      const deleted = await tx.query<{ id: string }>(`DELETE FROM alert_rules WHERE id = $1 RETURNING id`, [
        id,
      ]);
      if (!deleted.length) throw notFound('Alert rule');
    });
    await this.rules.changed();
  }
}
