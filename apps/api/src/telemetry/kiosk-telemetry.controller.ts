import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { AuthenticatedUser, CanUserSeeKioskQuery, CurrentUser, notFound } from '@app/core';
import {
  GetTelemetryQuery,
  TelemetryBucketPageDto,
  TelemetryQueryDto,
  TelemetryRawPageDto,
} from '@app/telemetry';
import { ApiErrors } from '../common/api-errors.decorator';
import { KioskIdPipe } from '../common/kiosk-id.pipe';

@ApiTags('kiosks')
@ApiBearerAuth()
@ApiExtraModels(TelemetryRawPageDto, TelemetryBucketPageDto)
@Controller('kiosks')
export class KioskTelemetryController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/telemetry')
  @ApiOperation({
    summary: 'A kiosk’s telemetry: raw readings or avg/min/max per bucket',
    description: 'Time axis: the kiosk’s own `timestamp`. Default range: the last hour; default bucket: raw.',
  })
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(TelemetryRawPageDto) }, { $ref: getSchemaPath(TelemetryBucketPageDto) }],
    },
  })
  @ApiErrors(400, 401, 404)
  async getKioskTelemetry(
    @Param('id', KioskIdPipe) id: number,
    @Query() q: TelemetryQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<TelemetryRawPageDto | TelemetryBucketPageDto> {
    if (!(await this.queries.execute<CanUserSeeKioskQuery, boolean>(new CanUserSeeKioskQuery(user, id)))) {
      throw notFound('Kiosk');
    }
    return this.queries.execute(GetTelemetryQuery.fromDto(id, q));
  }
}
