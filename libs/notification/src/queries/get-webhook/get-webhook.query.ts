export class GetWebhookQuery {
  constructor(readonly id: string) {}
}
