import type { DeliveryStatus } from '../../dto/webhook.dto';

/** A webhook's deliveries, newest first. */
export class ListWebhookDeliveriesQuery {
  constructor(
    readonly webhookId: string,
    readonly limit: number,
    readonly cursor?: string,
    readonly status?: DeliveryStatus,
  ) {}
}
