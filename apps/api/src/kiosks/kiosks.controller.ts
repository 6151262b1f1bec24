import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
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
import { ApiPageResponse, CurrentUser, Page, Roles, SessionOnly } from '@app/core';
import { AuditActor, AuthenticatedUser, Role } from '@app/contracts';
import {
  AssignKioskCommand,
  AssignKioskDto,
  DecommissionKioskCommand,
  FirmwareHistoryEntryDto,
  FirmwareHistoryQueryDto,
  FirmwareSummaryDto,
  GetFirmwareSummaryQuery,
  GetKioskConfigQuery,
  KioskConfigDto,
  SetConfigDto,
  SetKioskConfigCommand,
  GetKioskQrQuery,
  GetKioskQuery,
  KioskDto,
  KioskEntity,
  KioskQr,
  KioskQrQueryDto,
  KioskStateDto,
  KioskWithState,
  ListKiosksQuery,
  ListKiosksQueryDto,
  ListFirmwareHistoryQuery,
  RegisteredKiosk,
  RegisteredKioskDto,
  RegisterKioskCommand,
  RegisterKioskDto,
  RotateKioskSecretCommand,
  UnassignKioskCommand,
  UpdateKioskCommand,
  UpdateKioskDto,
} from '@app/kiosk';
import { ApiError, ApiErrors } from '../common/api-errors.decorator';
import { KioskIdPipe } from '../common/kiosk-id.pipe';
import { Actor } from '../common/request-context';

@ApiTags('kiosks')
@ApiBearerAuth()
@Controller('kiosks')
export class KiosksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles(Role.Admin)
  @ApiOperation({
    summary: 'Register a kiosk',
    description: 'Answers the kiosk’s secret: the only time it is shown.',
  })
  @ApiCreatedResponse({ type: RegisteredKioskDto })
  @ApiErrors(400, 401, 403, 409)
  async registerKiosk(
    @Body() body: RegisterKioskDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegisteredKioskDto> {
    const r = await this.commands.execute<RegisterKioskCommand, RegisteredKiosk>(
      new RegisterKioskCommand(body.serial, body.name, body.location, [...new Set(body.tags ?? [])]),
    );
    res.location(`/api/v1/kiosks/${r.kiosk.id}`);
    return { kiosk: KioskDto.from(r.kiosk, r.state), secret: r.secret };
  }

  @Get()
  @ApiOperation({
    summary: 'List kiosks',
    description:
      'Operators and viewers see only the kiosks assigned to them; an API key only those carrying one of its tags. `configDrift=true` lists the kiosks behind their desired remote configuration.',
  })
  @ApiPageResponse(KioskDto)
  @ApiErrors(400, 401)
  listKiosks(
    @Query() q: ListKiosksQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<KioskDto>> {
    const { limit, cursor, ...filter } = q;
    return this.queries.execute(new ListKiosksQuery(user, filter, limit, cursor));
  }

  // Declared before `:id`, which would otherwise take `firmware-summary` for a (bad) kiosk id.
  @Get('firmware-summary')
  @ApiOperation({
    summary: 'Kiosks per firmware version',
    description:
      'Counts the kiosks the caller may see (as GET /kiosks: operators and viewers their assigned kiosks, an API key those with one of its tags), decommissioned ones left out, by the firmware version each last reported in `kiosk_join`. Semantic versions come newest first (semver order, 2.3.0-rc.1 below 2.3.0), then non-semver versions as reported, then `version: null` for kiosks that never reported one.',
  })
  @ApiOkResponse({ type: FirmwareSummaryDto })
  @ApiErrors(401)
  getFirmwareSummary(@CurrentUser() user: AuthenticatedUser): Promise<FirmwareSummaryDto> {
    return this.queries.execute(new GetFirmwareSummaryQuery(user));
  }

  @Post('assign')
  @HttpCode(200)
  // A key sees kiosks by tag, not by assignment: claiming one would give it nothing.
  @SessionOnly()
  @ApiOperation({
    summary: 'Claim the kiosk whose QR code is `code`',
    description:
      'Operators and viewers assign an unassigned kiosk to themselves (someone else’s: 409). Admins may name `userId` and may reassign. A Bearer token only: an API key gets 403.',
  })
  @ApiOkResponse({ type: KioskDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async assignKiosk(@Body() body: AssignKioskDto, @CurrentUser() user: AuthenticatedUser): Promise<KioskDto> {
    const kiosk = await this.commands.execute<AssignKioskCommand, KioskEntity>(
      new AssignKioskCommand(body.code, user, body.userId),
    );
    return this.kioskDto(user, kiosk.id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a kiosk' })
  @ApiOkResponse({ type: KioskDto })
  @ApiErrors(400, 401, 404)
  getKiosk(@Param('id', KioskIdPipe) id: number, @CurrentUser() user: AuthenticatedUser): Promise<KioskDto> {
    return this.kioskDto(user, id);
  }

  @Post(':id/unassign')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Clear the kiosk’s assignee',
    description:
      'An admin may unassign any kiosk; an operator or viewer only a kiosk assigned to them. A kiosk the caller cannot see is 404; one they see but may not unassign (an API key sees kiosks by tag and is never an assignee) is 403. Unassigning an unassigned kiosk (admins) answers 200 and changes nothing.',
  })
  @ApiOkResponse({ type: KioskDto })
  @ApiErrors(400, 401, 403, 404)
  async unassignKiosk(
    @Param('id', KioskIdPipe) id: number,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<KioskDto> {
    const { kiosk, state, config } = await this.commands.execute<UnassignKioskCommand, KioskWithState>(
      new UnassignKioskCommand(id, user),
    );
    return KioskDto.from(kiosk, state, config);
  }

  @Get(':id/firmware-history')
  @ApiOperation({
    summary: 'The kiosk’s firmware changes, newest first',
    description:
      'One entry each time a `kiosk_join` reported a firmware version other than the one on record (the first report included); a join repeating the version adds none.',
  })
  @ApiPageResponse(FirmwareHistoryEntryDto)
  @ApiErrors(400, 401, 404)
  listFirmwareHistory(
    @Param('id', KioskIdPipe) id: number,
    @Query() q: FirmwareHistoryQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<FirmwareHistoryEntryDto>> {
    return this.queries.execute(new ListFirmwareHistoryQuery(user, id, q.limit, q.cursor));
  }

  @Patch(':id')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Rename, move or retag a kiosk' })
  @ApiOkResponse({ type: KioskDto })
  @ApiErrors(400, 401, 403, 404)
  async updateKiosk(
    @Param('id', KioskIdPipe) id: number,
    @Body() body: UpdateKioskDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<KioskDto> {
    await this.commands.execute(new UpdateKioskCommand(id, body));
    return this.kioskDto(user, id);
  }

  @Delete(':id')
  @Roles(Role.Admin)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Decommission a kiosk',
    description:
      'It can no longer connect, its open sockets are dropped; it stays listed as `decommissioned`.',
  })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404)
  async decommissionKiosk(@Param('id', KioskIdPipe) id: number): Promise<void> {
    await this.commands.execute(new DecommissionKioskCommand(id));
  }

  @Post(':id/rotate-secret')
  @Roles(Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Issue a new secret',
    description: 'The old one stops working at once; open sockets are dropped.',
  })
  @ApiOkResponse({ type: RegisteredKioskDto })
  @ApiErrors(400, 401, 403, 404, 422)
  async rotateKioskSecret(
    @Param('id', KioskIdPipe) id: number,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<RegisteredKioskDto> {
    const r = await this.commands.execute<RotateKioskSecretCommand, RegisteredKiosk>(
      new RotateKioskSecretCommand(id),
    );
    return { kiosk: await this.kioskDto(user, id), secret: r.secret };
  }

  @Get(':id/qr')
  @ApiOperation({ summary: 'The QR code image of the kiosk’s claim code' })
  @ApiOkResponse({
    description: 'PNG (default) or SVG image, as `format` asks',
    content: {
      'image/png': { schema: { type: 'string', format: 'binary' } },
      'image/svg+xml': {
        schema: { type: 'string' },
        example: '<svg xmlns="http://www.w3.org/2000/svg" …>…</svg>',
      },
    },
  })
  @ApiErrors(400, 401, 404)
  async getKioskQr(
    @Param('id', KioskIdPipe) id: number,
    @Query() q: KioskQrQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<StreamableFile> {
    const qr = await this.queries.execute<GetKioskQrQuery, KioskQr>(new GetKioskQrQuery(user, id, q.format));
    return new StreamableFile(Buffer.from(qr.body), { type: qr.contentType });
  }

  @Get(':id/state')
  @ApiOperation({ summary: 'The kiosk’s latest reported state and liveness' })
  @ApiOkResponse({ type: KioskStateDto })
  @ApiErrors(400, 401, 404)
  async getKioskState(
    @Param('id', KioskIdPipe) id: number,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<KioskStateDto> {
    const { state } = await this.queries.execute<GetKioskQuery, KioskWithState>(new GetKioskQuery(user, id));
    return KioskStateDto.from(state);
  }

  @Get(':id/config')
  @ApiOperation({
    summary: 'The kiosk’s remote configuration: desired and applied',
    description:
      'Everyone who may see the kiosk (viewers included). `settings` are the merged settings the kiosk should run with (version `desiredVersion`): each top-level key from the kiosk’s own settings if set there, else from the last of its tags, tag names in byte order, that sets it (nested objects are taken whole). `appliedVersion` is the highest version the kiosk acked `success`; while it is below `desiredVersion`, `pending` names the `configure` command on its way, and every join of the kiosk sends one if none is.',
  })
  @ApiOkResponse({ type: KioskConfigDto })
  @ApiErrors(400, 401, 404)
  getKioskConfig(
    @Param('id', KioskIdPipe) id: number,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<KioskConfigDto> {
    return this.queries.execute(new GetKioskConfigQuery(user, id));
  }

  @Put(':id/config')
  @Roles(Role.Admin, Role.Operator)
  @ApiOperation({
    summary: 'Set the kiosk’s own settings (they override its tags’)',
    description:
      'Admins, and operators who may command the kiosk (their assigned kiosks; an operator API key the kiosks carrying one of its tags); viewers 403, a kiosk the caller cannot see 404. Replaces the kiosk’s own settings; when the merged result changes it gets a new, higher version and a `configure` command `{ version, settings }` goes to the kiosk (now if connected, else at its next join), replacing any configure still on its way. The same settings again change nothing. `{}` removes the kiosk’s own settings (its tags’ remain).',
  })
  @ApiOkResponse({ type: KioskConfigDto, description: 'The kiosk’s configuration after the change' })
  @ApiError(
    400,
    'Not a JSON object, nested too deep, a string with \\u0000 or a lone surrogate, or an unknown field',
    undefined,
    {
      message: 'settings must be a JSON object',
      details: [{ field: 'settings', message: 'settings must be a JSON object' }],
    },
  )
  @ApiErrors(401, 403, 404)
  @ApiError(413, 'The settings take more than 8192 bytes as JSON', undefined, {
    message: 'settings take 9000 bytes as JSON; at most 8192',
    details: [{ field: 'settings', message: 'settings take 9000 bytes as JSON; at most 8192' }],
  })
  @ApiError(422, 'The kiosk is decommissioned, or its merged settings would exceed 8192 bytes', undefined, {
    message: 'The merged settings of 1 kiosk(s) would exceed 8192 bytes',
    details: [{ field: 'settings', message: 'kiosk 1: merged settings would take 9100 bytes' }],
  })
  setKioskConfig(
    @Param('id', KioskIdPipe) id: number,
    @Body() body: SetConfigDto,
    @CurrentUser() user: AuthenticatedUser,
    @Actor() actor: AuditActor,
  ): Promise<KioskConfigDto> {
    return this.commands.execute(new SetKioskConfigCommand(id, body.settings, user, actor));
  }

  private async kioskDto(user: AuthenticatedUser, id: number): Promise<KioskDto> {
    const { kiosk, state, config } = await this.queries.execute<GetKioskQuery, KioskWithState>(
      new GetKioskQuery(user, id),
    );
    return KioskDto.from(kiosk, state, config);
  }
}
