import type { RuleInput } from '../../rules/rule-input';

export class CreateAlertRuleCommand {
  constructor(readonly input: RuleInput) {}
}
