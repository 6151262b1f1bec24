import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@app/core';
import { AlertModule } from '@app/alert';
import { AlertRulesController } from './alert-rules.controller';
import { AlertsController } from './alerts.controller';
import { MaintenanceWindowsController } from './maintenance-windows.controller';

@Module({})
export class AlertsHttpModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AlertsHttpModule,
      imports: [AlertModule.forRoot(config)],
      controllers: [AlertsController, AlertRulesController, MaintenanceWindowsController],
    };
  }
}
