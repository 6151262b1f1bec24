/** Sends a delivery again now, whatever its state (a dead or delivered one included). */
export class RedeliverWebhookDeliveryCommand {
  constructor(
    readonly webhookId: string,
    readonly deliveryId: string,
  ) {}
}
