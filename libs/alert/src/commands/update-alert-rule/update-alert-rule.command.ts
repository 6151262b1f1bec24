import type { RuleInput } from '../../rules/rule-input';

export class UpdateAlertRuleCommand {
  constructor(
    readonly id: string,
    readonly patch: Partial<RuleInput>,
  ) {}
}
