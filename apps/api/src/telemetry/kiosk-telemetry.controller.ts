import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, notFound } from '@app/core';
import { AuthenticatedUser, CanUserSeeKioskQuery } from '@app/contracts';
import {
  GetTelemetryQuery,
  TelemetryBucketPageDto,
  TelemetryQueryDto,
  TelemetryRawPageDto,
} from '@app/telemetry';
import { LongReads } from '@app/database';
import { ApiErrors } from '../common/api-errors.decorator';
import { KioskIdPipe } from '../common/kiosk-id.pipe';
import { admitLongRead, ApiLongReadErrors } from '../common/long-read';

@ApiTags('kiosks')
@ApiBearerAuth()
@ApiExtraModels(TelemetryRawPageDto, TelemetryBucketPageDto)
@Controller('kiosks')
export class KioskTelemetryController {
  constructor(
    private readonly queries: QueryBus,
    private readonly longReads: LongReads,
  ) {}

  @Get(':id/telemetry')
  @ApiOperation({
    summary: 'A kiosk’s telemetry: raw readings or avg/min/max per bucket',
    description:
      'Time axis: the kiosk’s own `timestamp`. Default range: the last hour; default bucket: raw. A range over ' +
      '24 h is a long read: at most LONG_READS_PER_USER (2) per user and LONG_READS_PER_INSTANCE (4) per ' +
      'instance at once (more → 429 with `Retry-After`), and its statement stops after ' +
      'LONG_READ_STATEMENT_TIMEOUT_MS (30 s) → 503.',
  })
  @ApiOkResponse({
    schema: {
      // anyOf, not oneOf: an empty page fits both, and `bucket` (raw or not) tells the caller which it asked for.
      anyOf: [{ $ref: getSchemaPath(TelemetryRawPageDto) }, { $ref: getSchemaPath(TelemetryBucketPageDto) }],
    },
  })
  @ApiErrors(400, 401, 404)
  @ApiLongReadErrors()
  async getKioskTelemetry(
    @Param('id', KioskIdPipe) id: number,
    @Query() q: TelemetryQueryDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TelemetryRawPageDto | TelemetryBucketPageDto> {
    if (!(await this.queries.execute<CanUserSeeKioskQuery, boolean>(new CanUserSeeKioskQuery(user, id)))) {
      throw notFound('Kiosk');
    }
    const query = GetTelemetryQuery.fromDto(id, q);
    if (query.isLongRange()) admitLongRead(this.longReads, 'telemetry_range', user, res);
    return this.queries.execute(query);
  }
}
