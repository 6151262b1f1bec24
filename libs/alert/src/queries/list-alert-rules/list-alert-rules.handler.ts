import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { decodeCursor, Page, toPage } from '@app/core';
import { UUID } from '../../alerts/alert-access';
import { AlertRuleDto } from '../../dto/alert-rule.dto';
import { toRule } from '../../rules/alert-rule';
import { AlertRuleRepository } from '../../rules/alert-rule.repository';
import { ListAlertRulesQuery } from './list-alert-rules.query';

@QueryHandler(ListAlertRulesQuery)
export class ListAlertRulesHandler implements IQueryHandler<ListAlertRulesQuery, Page<AlertRuleDto>> {
  constructor(private readonly rules: AlertRuleRepository) {}

  async execute({ limit, cursor }: ListAlertRulesQuery): Promise<Page<AlertRuleDto>> {
    const after = decodeCursor(cursor);
    if (after && (typeof after.id !== 'string' || !UUID.test(after.id)))
      return { items: [], nextCursor: null };
    const rows = await this.rules.list(after ? { createdAt: after.k, id: after.id } : null, limit + 1);
    return toPage(
      rows,
      limit,
      (r) => AlertRuleDto.from(toRule(r)),
      (r) => ({ k: r.created_at.toISOString(), id: r.id }),
    );
  }
}
