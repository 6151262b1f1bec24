/** Replays stored telemetry of [from, to) through a rule; raises nothing. */
export class BacktestAlertRuleQuery {
  constructor(
    readonly ruleId: string,
    readonly from: Date,
    readonly to: Date,
  ) {}
}
