export class DeleteAlertRuleCommand {
  constructor(readonly id: string) {}
}
