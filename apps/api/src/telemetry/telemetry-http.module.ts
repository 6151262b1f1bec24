import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@app/core';
import { TelemetryModule } from '@app/telemetry';
import { KioskTelemetryExportController } from './kiosk-telemetry-export.controller';
import { KioskTelemetryController } from './kiosk-telemetry.controller';

@Module({})
export class TelemetryHttpModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: TelemetryHttpModule,
      imports: [TelemetryModule.forRoot(config)],
      controllers: [KioskTelemetryController, KioskTelemetryExportController],
    };
  }
}
