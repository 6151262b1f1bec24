import { DynamicModule, Module } from '@nestjs/common';
import { KioskModule } from '@app/kiosk';
import { FleetSummaryController } from './fleet-summary.controller';
import { KioskConfigsController } from './kiosk-configs.controller';
import { KiosksController } from './kiosks.controller';

@Module({})
export class KiosksHttpModule {
  static forRoot(): DynamicModule {
    // FleetSummaryController first: its static paths must match before `kiosks/:id`.
    return {
      module: KiosksHttpModule,
      imports: [KioskModule.forRoot()],
      controllers: [FleetSummaryController, KiosksController, KioskConfigsController],
    };
  }
}
