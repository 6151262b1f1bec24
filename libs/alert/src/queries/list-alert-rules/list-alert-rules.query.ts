/** Every rule, enabled or not, oldest first. */
export class ListAlertRulesQuery {
  constructor(
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
