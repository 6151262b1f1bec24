export class GetNotificationPolicyQuery {
  constructor(readonly id: string) {}
}
