import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetSalesForecastHandler } from './get-sales-forecast.handler';

/** The sales forecast (`GET /ai/forecast`): part of the AI module, independent of the anomaly model. */
@Module({
  imports: [CqrsModule],
  providers: [GetSalesForecastHandler],
})
export class ForecastModule {}
