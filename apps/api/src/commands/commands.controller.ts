import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiPageResponse, CurrentUser, Page, PageQueryDto, Roles } from '@app/core';
import { AuthenticatedUser, IssueKioskCommandCommand, Role } from '@app/contracts';
import {
  AcceptedBulkCommandDto,
  BulkCommandDto,
  BulkCommandProgressDto,
  CreateBulkCommandCommand,
  GetBulkCommandQuery,
  CancelKioskCommandCommand,
  CommandDto,
  GetCommandQuery,
  IssueCommandDto,
  IssuedCommand,
  KioskCommandEntity,
  ListKioskCommandsQuery,
} from '@app/command';
import { ApiErrors } from '../common/api-errors.decorator';
import { IdempotencyKey } from '../common/idempotency-key.decorator';
import { KioskIdPipe } from '../common/kiosk-id.pipe';

const DEFAULT_TTL_SEC = 120;

@ApiTags('commands')
@ApiBearerAuth()
@Controller()
export class CommandsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('kiosks/:id/commands')
  @Roles(Role.Admin, Role.Operator)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a remote command to a kiosk',
    description:
      'Stored, then delivered at once if the kiosk is connected, or when it next joins (unless it expires first). ' +
      'Lifecycle: pending → sent → acknowledged → succeeded | failed; expired; cancelled. ' +
      'With `Idempotency-Key`, the same key and body return the same command; the same key with another body is a 422. ' +
      '`refund` is refused here (422): a refund is issued only through POST /api/v1/payments/{id}/refund, which records ' +
      'it with its payment.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Up to 255 printable characters, scoped to the caller',
  })
  @ApiAcceptedResponse({
    type: CommandDto,
    description: '`status` is `pending`; `Location` names the command',
  })
  @ApiErrors(400, 401, 403, 404, 422)
  async issueKioskCommand(
    @Param('id', KioskIdPipe) kioskId: number,
    @Body() body: IssueCommandDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandDto> {
    const { command } = await this.commands.execute<IssueKioskCommandCommand, IssuedCommand>(
      new IssueKioskCommandCommand(
        kioskId,
        body.command,
        body.params ?? {},
        body.ttlSeconds ?? DEFAULT_TTL_SEC,
        user,
        idempotencyKey,
      ),
    );
    res.location(`/api/v1/commands/${command.id}`);
    return CommandDto.from(command);
  }

  @Get('kiosks/:id/commands')
  @ApiOperation({ summary: 'A kiosk’s commands, newest first' })
  @ApiPageResponse(CommandDto)
  @ApiErrors(400, 401, 404)
  listKioskCommands(
    @Param('id', KioskIdPipe) kioskId: number,
    @Query() q: PageQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<CommandDto>> {
    return this.queries.execute(new ListKioskCommandsQuery(kioskId, user, q.limit, q.cursor));
  }

  @Post('commands/bulk')
  @Roles(Role.Admin, Role.Operator)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send one command to many kiosks',
    description:
      'Addresses the given `kioskIds` or every kiosk with `tag` that the caller may command. The worker fans it out into ' +
      'one command per kiosk; follow it at GET /commands/bulk/{batchId}. `refund` is refused (422): refunds are issued ' +
      'one payment at a time through POST /api/v1/payments/{id}/refund.',
  })
  @ApiAcceptedResponse({ type: AcceptedBulkCommandDto })
  @ApiErrors(400, 401, 403, 404, 422)
  createBulkCommand(
    @Body() body: BulkCommandDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AcceptedBulkCommandDto> {
    return this.commands.execute(
      new CreateBulkCommandCommand(
        body.command,
        body.params ?? {},
        body.ttlSeconds ?? DEFAULT_TTL_SEC,
        {
          ...(body.kioskIds && { kioskIds: body.kioskIds }),
          ...(body.tag !== undefined && { tag: body.tag }),
        },
        user,
      ),
    );
  }

  @Get('commands/bulk/:batchId')
  @ApiOperation({ summary: 'Progress of a bulk command: commands per state' })
  @ApiOkResponse({ type: BulkCommandProgressDto })
  @ApiErrors(400, 401, 404)
  getBulkCommand(
    @Param('batchId', ParseUUIDPipe) batchId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<BulkCommandProgressDto> {
    return this.queries.execute(new GetBulkCommandQuery(batchId, user));
  }

  @Get('commands/:id')
  @ApiOperation({ summary: 'A command with its full transition history' })
  @ApiOkResponse({ type: CommandDto })
  @ApiErrors(400, 401, 404)
  getCommand(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CommandDto> {
    return this.queries.execute(new GetCommandQuery(id, user));
  }

  @Post('commands/:id/cancel')
  @Roles(Role.Admin, Role.Operator)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a command that has not reached a final state',
    description: 'A final command answers 422.',
  })
  @ApiOkResponse({ type: CommandDto })
  @ApiErrors(400, 401, 403, 404, 422)
  async cancelCommand(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CommandDto> {
    const c = await this.commands.execute<CancelKioskCommandCommand, KioskCommandEntity>(
      new CancelKioskCommandCommand(id, user),
    );
    return CommandDto.from(c);
  }
}
