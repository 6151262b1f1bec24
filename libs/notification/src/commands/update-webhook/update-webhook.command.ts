import type { UpdateWebhookDto } from '../../dto/webhook.dto';

export class UpdateWebhookCommand {
  constructor(
    readonly id: string,
    readonly body: UpdateWebhookDto,
  ) {}
}
