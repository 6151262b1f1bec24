export class DeleteNotificationPolicyCommand {
  constructor(readonly id: string) {}
}
