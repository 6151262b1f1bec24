export class GetAlertRuleQuery {
  constructor(readonly ruleId: string) {}
}
