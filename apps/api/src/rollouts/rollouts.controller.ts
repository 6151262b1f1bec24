import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiPageResponse, CurrentUser, Page, PageQueryDto, Roles } from '@app/core';
import { AuditActor, AuthenticatedUser, Role } from '@app/contracts';
import {
  ChangeRolloutStatusCommand,
  CreateRolloutCommand,
  CreateRolloutDto,
  GetRolloutQuery,
  ListRolloutKiosksQuery,
  ListRolloutKiosksQueryDto,
  ListRolloutsQuery,
  RolloutAction,
  RolloutDto,
  RolloutKioskDto,
} from '@app/rollout';
import { ApiErrors } from '../common/api-errors.decorator';
import { Actor } from '../common/request-context';

const ACTION_DOCS: Record<RolloutAction, { summary: string; description: string }> = {
  start: {
    summary: 'Start a draft rollout',
    description: 'draft → running: the first wave is commanded at once. Any other status answers 422.',
  },
  pause: {
    summary: 'Pause a running rollout',
    description:
      'running → paused: no further kiosk is commanded and no wave starts; commands already sent run their course ' +
      'and still count. Any other status answers 422.',
  },
  resume: {
    summary: 'Resume a paused rollout',
    description: 'paused → running. Any other status answers 422.',
  },
  cancel: {
    summary: 'Cancel a rollout',
    description:
      'draft, running or paused → cancelled: commands not yet answered are cancelled and no other kiosk is ' +
      'commanded. A rollout already completed, aborted or cancelled answers 422.',
  },
};

@ApiTags('rollouts')
@ApiBearerAuth()
@Controller('rollouts')
export class RolloutsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles(Role.Admin)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a staged rollout of a firmware update (draft)',
    description:
      'Resolves the target now (exactly one of `tag`, `kioskIds`, `firmwareBelow` in semver order) and splits its ' +
      'kiosks into waves by `waves` percentages, ordered so each wave spans sites. Started with POST …/start. A wave ' +
      'starts when every kiosk of the previous one finished and `waitSeconds` passed; a wave whose failed share ' +
      'exceeds `failureThreshold` aborts the rollout. A kiosk succeeded when it acked `success` and rejoined ' +
      'reporting `firmware_version = params.version`; it failed on an `error` ack, an expired command (ttl 86400 s), ' +
      'a rejoin on another version after acking, or no rejoin within a day of acking. 400: malformed body (waves ' +
      'not summing to 100, threshold out of 0…1, not exactly one target). 422: unknown kiosk ids, or a target that ' +
      'matches no kiosk.',
  })
  @ApiCreatedResponse({ type: RolloutDto, description: '`status` is `draft`; `Location` names the rollout' })
  @ApiErrors(400, 401, 403, 422)
  async create(
    @Body() body: CreateRolloutDto,
    @CurrentUser() user: AuthenticatedUser,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RolloutDto> {
    const rollout = await this.commands.execute<CreateRolloutCommand, RolloutDto>(
      new CreateRolloutCommand(body, user, actor),
    );
    res.location(`/api/v1/rollouts/${rollout.id}`);
    return rollout;
  }

  @Get()
  @Roles(Role.Admin, Role.Operator)
  @ApiOperation({ summary: 'Rollouts, newest first, with their waves’ progress' })
  @ApiPageResponse(RolloutDto)
  @ApiErrors(400, 401, 403)
  list(@Query() q: PageQueryDto): Promise<Page<RolloutDto>> {
    return this.queries.execute(new ListRolloutsQuery(q.limit, q.cursor));
  }

  @Get(':id')
  @Roles(Role.Admin, Role.Operator)
  @ApiOperation({
    summary: 'A rollout: waves with kiosks, succeeded, failed, pending; what holds it',
    description:
      '`heldBy` (while running) names what the rollout waits for: `wave_in_progress`, `wait` (waitSeconds), ' +
      '`maintenance_window`, `alerts` or `sales` (the previous wave’s kiosks raise more alerts or sell less than ' +
      'before the update). `reason` says why it ended when aborted or cancelled.',
  })
  @ApiOkResponse({ type: RolloutDto })
  @ApiErrors(400, 401, 403, 404)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<RolloutDto> {
    return this.queries.execute(new GetRolloutQuery(id));
  }

  @Get(':id/kiosks')
  @Roles(Role.Admin, Role.Operator)
  @ApiOperation({
    summary: 'A rollout’s kiosks: which failed, and why; which are still pending',
    description:
      'The rollout’s kiosks in wave order, each with its state, the stored reason it failed or was skipped ' +
      '(`detail`) and the `update` command it was sent. Filters: `status` (a per-kiosk state, exactly as ' +
      'stored) and `wave` (index). Operators see only the kiosks they may see; an admin sees all. 400: a ' +
      'status, wave, limit or cursor out of range. 404: no such rollout.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiPageResponse(RolloutKioskDto)
  @ApiErrors(400, 401, 403, 404)
  listRolloutKiosks(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: ListRolloutKiosksQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<RolloutKioskDto>> {
    const { limit, cursor, ...filter } = q;
    return this.queries.execute(new ListRolloutKiosksQuery(id, user, filter, limit, cursor));
  }

  @Post(':id/start')
  @Roles(Role.Admin)
  @HttpCode(200)
  @ApiOperation(ACTION_DOCS.start)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: RolloutDto })
  @ApiErrors(400, 401, 403, 404, 422)
  start(@Param('id', ParseUUIDPipe) id: string, @Actor() actor: AuditActor): Promise<RolloutDto> {
    return this.commands.execute(new ChangeRolloutStatusCommand(id, 'start', actor));
  }

  @Post(':id/pause')
  @Roles(Role.Admin)
  @HttpCode(200)
  @ApiOperation(ACTION_DOCS.pause)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: RolloutDto })
  @ApiErrors(400, 401, 403, 404, 422)
  pause(@Param('id', ParseUUIDPipe) id: string, @Actor() actor: AuditActor): Promise<RolloutDto> {
    return this.commands.execute(new ChangeRolloutStatusCommand(id, 'pause', actor));
  }

  @Post(':id/resume')
  @Roles(Role.Admin)
  @HttpCode(200)
  @ApiOperation(ACTION_DOCS.resume)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: RolloutDto })
  @ApiErrors(400, 401, 403, 404, 422)
  resume(@Param('id', ParseUUIDPipe) id: string, @Actor() actor: AuditActor): Promise<RolloutDto> {
    return this.commands.execute(new ChangeRolloutStatusCommand(id, 'resume', actor));
  }

  @Post(':id/cancel')
  @Roles(Role.Admin)
  @HttpCode(200)
  @ApiOperation(ACTION_DOCS.cancel)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: RolloutDto })
  @ApiErrors(400, 401, 403, 404, 422)
  cancel(@Param('id', ParseUUIDPipe) id: string, @Actor() actor: AuditActor): Promise<RolloutDto> {
    return this.commands.execute(new ChangeRolloutStatusCommand(id, 'cancel', actor));
  }
}
