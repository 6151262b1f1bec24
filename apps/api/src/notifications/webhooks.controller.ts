import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiPageResponse, CurrentUser, Page, PageQueryDto, Roles } from '@app/core';
import { AuthenticatedUser, Role } from '@app/contracts';
import {
  CreatedWebhookDto,
  CreateWebhookCommand,
  CreateWebhookDto,
  DeleteWebhookCommand,
  GetWebhookQuery,
  ListDeliveriesQueryDto,
  ListWebhookDeliveriesQuery,
  ListWebhooksQuery,
  RedeliverWebhookDeliveryCommand,
  SendTestWebhookCommand,
  UpdateWebhookCommand,
  UpdateWebhookDto,
  WebhookDeliveryDto,
  WebhookDto,
} from '@app/notification';
import { ApiErrors } from '../common/api-errors.decorator';

const SIGNING =
  'Each delivery POSTs `{id, type, occurredAt, data}` with `X-Webhook-Id` (the stable event id: deduplicate by it, ' +
  'delivery is at least once), `X-Webhook-Timestamp` (unix seconds) and `X-Webhook-Signature: sha256=<hex HMAC-SHA256 ' +
  'of "{timestamp}.{rawBody}" with the secret>`. A non-2xx answer or no answer within WEBHOOK_TIMEOUT_MS is retried ' +
  'with exponential backoff and jitter from WEBHOOK_RETRY_BASE_MS for about 24 h, then the delivery is `dead`.';

@ApiTags('webhooks')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('webhooks')
export class WebhooksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe a URL to domain events', description: SIGNING })
  @ApiCreatedResponse({ type: CreatedWebhookDto, description: 'The only response that shows the secret' })
  @ApiErrors(400, 401, 403)
  async createWebhook(
    @Body() body: CreateWebhookDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedWebhookDto> {
    const created = await this.commands.execute<CreateWebhookCommand, CreatedWebhookDto>(
      new CreateWebhookCommand(body, user.id),
    );
    res.location(`/api/v1/webhooks/${created.id}`);
    return created;
  }

  @Get()
  @ApiOperation({ summary: 'List webhooks (oldest first)' })
  @ApiPageResponse(WebhookDto)
  @ApiErrors(400, 401, 403)
  listWebhooks(@Query() q: PageQueryDto): Promise<Page<WebhookDto>> {
    return this.queries.execute(new ListWebhooksQuery(q.limit, q.cursor));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A webhook (never its secret)' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiErrors(400, 401, 403, 404)
  getWebhook(@Param('id', ParseUUIDPipe) id: string): Promise<WebhookDto> {
    return this.queries.execute(new GetWebhookQuery(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a webhook’s URL, events, secret or active flag' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiErrors(400, 401, 403, 404)
  updateWebhook(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateWebhookDto): Promise<WebhookDto> {
    return this.commands.execute(new UpdateWebhookCommand(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook and its delivery history' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404)
  async deleteWebhook(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.commands.execute(new DeleteWebhookCommand(id));
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: 'A webhook’s deliveries, newest first: status, attempts, last response code and latency',
  })
  @ApiPageResponse(WebhookDeliveryDto)
  @ApiErrors(400, 401, 403, 404)
  listWebhookDeliveries(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: ListDeliveriesQueryDto,
  ): Promise<Page<WebhookDeliveryDto>> {
    return this.queries.execute(new ListWebhookDeliveriesQuery(id, q.limit, q.cursor, q.status));
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a delivery again now',
    description:
      'Whatever its status (dead and delivered included); the body and X-Webhook-Id are the same as before.',
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiErrors(400, 401, 403, 404)
  redeliverWebhookDelivery(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('deliveryId', ParseUUIDPipe) deliveryId: string,
  ): Promise<WebhookDeliveryDto> {
    return this.commands.execute(new RedeliverWebhookDeliveryCommand(id, deliveryId));
  }

  @Post(':id/test')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a test event',
    description:
      'Queues a `webhook.test` event signed like any other; follow it in the deliveries list. An inactive webhook answers 422.',
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiErrors(400, 401, 403, 404, 422)
  testWebhook(@Param('id', ParseUUIDPipe) id: string): Promise<WebhookDeliveryDto> {
    return this.commands.execute(new SendTestWebhookCommand(id));
  }
}
