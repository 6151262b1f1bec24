import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiPageResponse, CurrentUser, Page, Roles } from '@app/core';
import { AuthenticatedUser, Role } from '@app/contracts';
import {
  AcknowledgeAlertCommand,
  AcknowledgeAlertDto,
  AddAlertNoteCommand,
  AddAlertNoteDto,
  AlertDto,
  AlertNoteDto,
  AlertStatsDto,
  AlertStatsQueryDto,
  GetAlertQuery,
  GetAlertStatsQuery,
  ListAlertNotesQuery,
  ListAlertsQuery,
  ListAlertsQueryDto,
  ResolveAlertCommand,
  ResolveAlertDto,
} from '@app/alert';
import { ApiErrors } from '../common/api-errors.decorator';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Alerts of the kiosks the caller may see, newest first',
    description:
      'Filters: `status`, `severity`, `type`, `kioskId`, `incidentId` (the alerts a site incident groups).',
  })
  @ApiPageResponse(AlertDto)
  @ApiErrors(400, 401)
  listAlerts(
    @Query() q: ListAlertsQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<AlertDto>> {
    const { limit, cursor, ...filters } = q;
    return this.queries.execute(new ListAlertsQuery(user, filters, limit, cursor));
  }

  @Get('stats')
  @ApiOperation({
    summary: 'Alert counts and response times',
    description:
      'Alerts first seen in [from, to), grouped by `type`, `kiosk`, `tag` or `severity`: count, mean and p90 seconds ' +
      'from first seen to acknowledged (MTTA) and to resolved (MTTR). Computed in SQL over the alerts the caller may see.',
  })
  @ApiOkResponse({ type: AlertStatsDto })
  @ApiErrors(400, 401)
  getAlertStats(
    @Query() q: AlertStatsQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AlertStatsDto> {
    return this.queries.execute(new GetAlertStatsQuery(user, new Date(q.from), new Date(q.to), q.groupBy));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One alert' })
  @ApiOkResponse({ type: AlertDto })
  @ApiErrors(400, 401, 404)
  getAlert(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AlertDto> {
    return this.queries.execute(new GetAlertQuery(id, user));
  }

  @Post(':id/acknowledge')
  @Roles(Role.Admin, Role.Operator)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Acknowledge an alert: someone is on it',
    description:
      'Records who and when; stops escalation. Acknowledging again changes nothing; a resolved alert is a 422.',
  })
  @ApiOkResponse({ type: AlertDto })
  @ApiErrors(400, 401, 403, 404, 422)
  acknowledgeAlert(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AcknowledgeAlertDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AlertDto> {
    return this.commands.execute(new AcknowledgeAlertCommand(id, user, body.note));
  }

  @Post(':id/resolve')
  @Roles(Role.Admin, Role.Operator)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Resolve an alert',
    description:
      '`falsePositive` is kept as a label for the anomaly model; `note` joins the alert’s notes. Already resolved: 422.',
  })
  @ApiOkResponse({ type: AlertDto })
  @ApiErrors(400, 401, 403, 404, 422)
  resolveAlert(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ResolveAlertDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AlertDto> {
    return this.commands.execute(new ResolveAlertCommand(id, user, body.falsePositive, body.note));
  }

  @Get(':id/notes')
  @ApiOperation({ summary: 'An alert’s notes, oldest first' })
  @ApiOkResponse({ type: [AlertNoteDto] })
  @ApiErrors(400, 401, 404)
  listAlertNotes(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AlertNoteDto[]> {
    return this.queries.execute(new ListAlertNotesQuery(id, user));
  }

  @Post(':id/notes')
  @Roles(Role.Admin, Role.Operator)
  @ApiOperation({ summary: 'Add a note to an alert' })
  @ApiCreatedResponse({ type: AlertNoteDto })
  @ApiErrors(400, 401, 403, 404)
  async addAlertNote(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AddAlertNoteDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AlertNoteDto> {
    const note = await this.commands.execute<AddAlertNoteCommand, AlertNoteDto>(
      new AddAlertNoteCommand(id, user, body.body),
    );
    res.location(`/api/v1/alerts/${id}/notes`);
    return note;
  }
}
