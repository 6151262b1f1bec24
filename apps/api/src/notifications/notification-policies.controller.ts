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
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiPageResponse, Page, PageQueryDto, Roles } from '@app/core';
import { Role } from '@app/contracts';
import {
  CreateNotificationPolicyCommand,
  CreateNotificationPolicyDto,
  DeleteNotificationPolicyCommand,
  GetNotificationPolicyQuery,
  ListNotificationPoliciesQuery,
  NotificationPolicyDto,
  UpdateNotificationPolicyCommand,
  UpdateNotificationPolicyDto,
} from '@app/notification';
import { ApiErrors } from '../common/api-errors.decorator';

const HOW =
  'An alert event (raised, acknowledged, resolved, escalated, reopened) is emailed to the recipients of every policy ' +
  'whose minSeverity it reaches and whose tags (if any) the kiosk carries. At most NOTIFICATION_BUDGET_PER_WINDOW ' +
  'emails per kiosk and window; the rest arrive as one digest at the end of the window. A critical alert still ' +
  'unacknowledged is re-sent every NOTIFICATION_REMINDER_SEC.';

@ApiTags('notification-policies')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('notification-policies')
export class NotificationPoliciesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a notification policy', description: HOW })
  @ApiCreatedResponse({ type: NotificationPolicyDto })
  @ApiErrors(400, 401, 403)
  async createNotificationPolicy(
    @Body() body: CreateNotificationPolicyDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NotificationPolicyDto> {
    const created = await this.commands.execute<CreateNotificationPolicyCommand, NotificationPolicyDto>(
      new CreateNotificationPolicyCommand(body),
    );
    res.location(`/api/v1/notification-policies/${created.id}`);
    return created;
  }

  @Get()
  @ApiOperation({ summary: 'List notification policies (oldest first)' })
  @ApiPageResponse(NotificationPolicyDto)
  @ApiErrors(400, 401, 403)
  listNotificationPolicies(@Query() q: PageQueryDto): Promise<Page<NotificationPolicyDto>> {
    return this.queries.execute(new ListNotificationPoliciesQuery(q.limit, q.cursor));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A notification policy' })
  @ApiOkResponse({ type: NotificationPolicyDto })
  @ApiErrors(400, 401, 403, 404)
  getNotificationPolicy(@Param('id', ParseUUIDPipe) id: string): Promise<NotificationPolicyDto> {
    return this.queries.execute(new GetNotificationPolicyQuery(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change recipients, minimum severity or tags (null clears the tags)' })
  @ApiOkResponse({ type: NotificationPolicyDto })
  @ApiErrors(400, 401, 403, 404)
  updateNotificationPolicy(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateNotificationPolicyDto,
  ): Promise<NotificationPolicyDto> {
    return this.commands.execute(new UpdateNotificationPolicyCommand(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a notification policy' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404)
  async deleteNotificationPolicy(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.commands.execute(new DeleteNotificationPolicyCommand(id));
  }
}
