/** Deletes a webhook and its delivery history; its pending deliveries are dropped. */
export class DeleteWebhookCommand {
  constructor(readonly id: string) {}
}
