import { Global, Module } from '@nestjs/common';
import { HttpMetricsMiddleware, MetricsService } from './metrics';

@Global()
@Module({
  providers: [MetricsService, HttpMetricsMiddleware],
  exports: [MetricsService, HttpMetricsMiddleware],
})
export class MetricsModule {}
