/** Queues a `webhook.test` event to one webhook, so an integrator can check their receiver and signature. */
export class SendTestWebhookCommand {
  constructor(readonly webhookId: string) {}
}
