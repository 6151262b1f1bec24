import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, Page, Roles } from '@app/core';
import { Role } from '@app/contracts';
import { AuditLogEntryDto, AuditLogQueryDto, ListAuditLogQuery } from '@app/auth';
import { ApiErrors } from '../common/api-errors.decorator';

@ApiTags('audit-log')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Security-relevant actions, newest first',
    description: 'Logins (ok and failed), lockouts, refresh-token reuse, logouts, user and role changes.',
  })
  @ApiPageResponse(AuditLogEntryDto)
  @ApiErrors(400, 401, 403)
  listAuditLog(@Query() q: AuditLogQueryDto): Promise<Page<AuditLogEntryDto>> {
    const { limit, cursor, ...filter } = q;
    return this.queries.execute(new ListAuditLogQuery(limit, filter, cursor));
  }
}
