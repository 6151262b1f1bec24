import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@app/core';
import { AuthenticatedUser, GetFleetSummaryQuery, ListKioskMapPointsQuery } from '@app/contracts';
import { FleetSummaryDto, FleetSummaryQueryDto, KioskMapPointsDto, KioskMapPointsQueryDto } from '@app/kiosk';
import { ApiErrors } from '../common/api-errors.decorator';

/**
 * The fleet as a whole, for an overview: counts and map dots computed by the database instead of
 * every kiosk paged to the browser. Registered before KiosksController, whose `GET /kiosks/:id`
 * would otherwise take `summary` and `map-points` for (bad) kiosk ids.
 */
@ApiTags('kiosks')
@ApiBearerAuth()
@Controller('kiosks')
export class FleetSummaryController {
  constructor(private readonly queries: QueryBus) {}

  @Get('summary')
  @ApiOperation({
    summary: 'Fleet counts by status and by what kiosks can sell, and the kiosks needing attention',
    description:
      'Over the kiosks the caller may see (as GET /kiosks: operators and viewers their assigned kiosks, an API key those with one of its tags). `total` and `bySell` leave decommissioned kiosks out; `byStatus.decommissioned` counts them. `attention` lists blocked, then offline, then stale kiosks, the longest silent first.',
  })
  @ApiOkResponse({ type: FleetSummaryDto })
  @ApiErrors(400, 401)
  getFleetSummary(
    @Query() q: FleetSummaryQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<FleetSummaryDto> {
    return this.queries.execute(new GetFleetSummaryQuery(user, q.attentionLimit));
  }

  @Get('map-points')
  @ApiOperation({
    summary: 'Every visible kiosk as a map point',
    description:
      'Id, name, serial, coordinates, status and `canSell` of each kiosk the caller may see (as GET /kiosks), decommissioned ones left out, ordered by id, in one response: what a fleet map draws, without paging through whole kiosk resources.',
  })
  @ApiOkResponse({ type: KioskMapPointsDto })
  @ApiErrors(400, 401)
  listMapPoints(
    @Query() _q: KioskMapPointsQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<KioskMapPointsDto> {
    return this.queries.execute(new ListKioskMapPointsQuery(user));
  }
}
