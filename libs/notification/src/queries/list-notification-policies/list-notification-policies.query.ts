export class ListNotificationPoliciesQuery {
  constructor(
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
