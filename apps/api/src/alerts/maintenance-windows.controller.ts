import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiPageResponse, CurrentUser, Page, Roles } from '@app/core';
import { AuthenticatedUser, Role } from '@app/contracts';
import {
  CreateMaintenanceWindowCommand,
  CreateMaintenanceWindowDto,
  DeleteMaintenanceWindowCommand,
  ListMaintenanceWindowsQuery,
  ListMaintenanceWindowsQueryDto,
  MaintenanceWindowDto,
} from '@app/alert';
import { ApiErrors } from '../common/api-errors.decorator';

@ApiTags('maintenance-windows')
@ApiBearerAuth()
@Controller('maintenance-windows')
export class MaintenanceWindowsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Maintenance windows of the caller’s kiosks (and their tags), newest first' })
  @ApiPageResponse(MaintenanceWindowDto)
  @ApiErrors(400, 401)
  listMaintenanceWindows(
    @Query() q: ListMaintenanceWindowsQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<MaintenanceWindowDto>> {
    return this.queries.execute(
      new ListMaintenanceWindowsQuery(user, q.active === 'true', q.limit, q.cursor),
    );
  }

  @Post()
  @Roles(Role.Admin, Role.Operator)
  @ApiOperation({
    summary: 'Schedule a maintenance window',
    description:
      'While it lasts, alerts of the kiosk (or of every kiosk with the tag) are recorded but `muted`: no feed event, ' +
      'no webhook, no email. When it ends, those still open are un-muted and announced. Operators: their own kiosks only.',
  })
  @ApiCreatedResponse({ type: MaintenanceWindowDto })
  @ApiErrors(400, 401, 403, 404)
  async createMaintenanceWindow(
    @Body() body: CreateMaintenanceWindowDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MaintenanceWindowDto> {
    const w = await this.commands.execute<CreateMaintenanceWindowCommand, MaintenanceWindowDto>(
      new CreateMaintenanceWindowCommand(
        body.scope,
        new Date(body.startsAt),
        new Date(body.endsAt),
        body.reason,
        user,
      ),
    );
    res.location(`/api/v1/maintenance-windows/${w.id}`);
    return w;
  }

  @Delete(':id')
  @Roles(Role.Admin, Role.Operator)
  @HttpCode(204)
  @ApiOperation({
    summary: 'End a maintenance window now',
    description: 'Alerts it muted that are still open are announced.',
  })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404)
  async deleteMaintenanceWindow(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<void> {
    await this.commands.execute(new DeleteMaintenanceWindowCommand(id, user));
  }
}
