import type { CreateWebhookDto } from '../../dto/webhook.dto';

export class CreateWebhookCommand {
  constructor(
    readonly body: CreateWebhookDto,
    readonly actorId: string,
  ) {}
}
