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
  AlertRule,
  AlertRuleDto,
  BacktestAlertRuleQuery,
  BacktestDto,
  BacktestResultDto,
  CreateAlertRuleCommand,
  CreateAlertRuleDto,
  DeleteAlertRuleCommand,
  GetAlertRuleQuery,
  ListAlertRulesQuery,
  UpdateAlertRuleCommand,
  UpdateAlertRuleDto,
} from '@app/alert';
import { ApiErrors } from '../common/api-errors.decorator';

@ApiTags('alert-rules')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('alert-rules')
export class AlertRulesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Every alert rule (enabled or not), oldest first' })
  @ApiPageResponse(AlertRuleDto)
  @ApiErrors(400, 401, 403)
  listAlertRules(@Query() q: PageQueryDto): Promise<Page<AlertRuleDto>> {
    return this.queries.execute(new ListAlertRulesQuery(q.limit, q.cursor));
  }

  @Post()
  @Roles(Role.Admin)
  @ApiOperation({
    summary: 'Create an alert rule',
    description: 'Validated on save: an unknown field, operator or value is a 400 naming it in `details`.',
  })
  @ApiCreatedResponse({ type: AlertRuleDto })
  @ApiErrors(400, 401, 403)
  async createAlertRule(
    @Body() body: CreateAlertRuleDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AlertRuleDto> {
    const rule = await this.commands.execute<CreateAlertRuleCommand, AlertRule>(
      new CreateAlertRuleCommand({
        name: body.name,
        severity: body.severity,
        enabled: body.enabled ?? true,
        scope: body.scope,
        condition: body.condition,
        forSeconds: body.forSeconds ?? 0,
      }),
    );
    res.location(`/api/v1/alert-rules/${rule.id}`);
    return AlertRuleDto.from(rule);
  }

  @Get(':id')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'One alert rule' })
  @ApiOkResponse({ type: AlertRuleDto })
  @ApiErrors(400, 401, 403, 404)
  async getAlertRule(@Param('id', ParseUUIDPipe) id: string): Promise<AlertRuleDto> {
    return AlertRuleDto.from(
      await this.queries.execute<GetAlertRuleQuery, AlertRule>(new GetAlertRuleQuery(id)),
    );
  }

  @Patch(':id')
  @Roles(Role.Admin)
  @ApiOperation({
    summary: 'Change an alert rule',
    description: 'Disabling it, or changing its condition, scope or duration, resolves its open alerts.',
  })
  @ApiOkResponse({ type: AlertRuleDto })
  @ApiErrors(400, 401, 403, 404)
  async updateAlertRule(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateAlertRuleDto,
  ): Promise<AlertRuleDto> {
    return AlertRuleDto.from(
      await this.commands.execute<UpdateAlertRuleCommand, AlertRule>(new UpdateAlertRuleCommand(id, body)),
    );
  }

  @Delete(':id')
  @Roles(Role.Admin)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete an alert rule',
    description: 'Its open alerts are resolved; past alerts stay.',
  })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404)
  async deleteAlertRule(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.commands.execute(new DeleteAlertRuleCommand(id));
  }

  @Post(':id/backtest')
  @Roles(Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replay stored telemetry through a rule',
    description:
      'How many alerts the rule would have opened in [from, to) (at most 31 days), for which kiosks and when, ' +
      'with its duration and auto-resolve as live. Raises nothing. Telemetry rules only (others: 422).',
  })
  @ApiOkResponse({ type: BacktestResultDto })
  @ApiErrors(400, 401, 403, 404, 422)
  backtestAlertRule(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: BacktestDto,
  ): Promise<BacktestResultDto> {
    return this.queries.execute(new BacktestAlertRuleQuery(id, new Date(body.from), new Date(body.to)));
  }
}
