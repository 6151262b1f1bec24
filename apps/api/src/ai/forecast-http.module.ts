import { Module } from '@nestjs/common';
import { ForecastModule } from '@app/ai';
import { ForecastController } from './forecast.controller';

@Module({ imports: [ForecastModule], controllers: [ForecastController] })
export class ForecastHttpModule {}
