import { DynamicModule, Module } from '@nestjs/common';
import { AnomalyHttpModule } from './anomaly-http.module';
import { ForecastHttpModule } from './forecast-http.module';

/** The AI routes (`/ai/...`). */
@Module({})
export class AiHttpModule {
  static forRoot(): DynamicModule {
    return { module: AiHttpModule, imports: [ForecastHttpModule, AnomalyHttpModule] };
  }
}
