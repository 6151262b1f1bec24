import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@app/core';
import { AuthenticatedUser } from '@app/contracts';
import { GetSalesForecastQuery, SalesForecastDto, SalesForecastQueryDto } from '@app/ai';
import { ApiErrors } from '../common/api-errors.decorator';

const DEFAULT_DAYS = 30;

@ApiTags('ai')
@ApiBearerAuth()
@Controller('ai')
export class ForecastController {
  constructor(private readonly queries: QueryBus) {}

  @Get('forecast')
  @ApiOperation({
    summary: 'Forecast a kiosk’s daily revenue',
    description:
      'Net revenue (sales minus refunds) per UTC day for the next `days` days, with 95 % intervals: Holt-Winters ' +
      'with a damped trend and weekly seasonality, fitted on up to a year of history (the daily mean before two ' +
      'weeks of history exist). `backtest` scores the model on the last two weeks of history against the ' +
      'seasonal-naive baseline (last week repeated). Anyone who may see the kiosk may ask.',
  })
  @ApiOkResponse({ type: SalesForecastDto })
  @ApiErrors(400, 401, 404, 422)
  forecast(
    @Query() q: SalesForecastQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<SalesForecastDto> {
    return this.queries.execute(
      new GetSalesForecastQuery(user, q.kioskId, q.days ?? DEFAULT_DAYS, q.currency),
    );
  }
}
