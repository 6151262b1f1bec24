import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ConfigureFanOutRecovery } from './config/configure-fan-out-recovery';
import { KioskConfigs } from './config/kiosk-configs';
import { KioskConfigRepository } from './config/kiosk-config.repository';
import { KioskConfigsProcessor } from './processors/kiosk-configs.processor';
import { GetKioskDeliveryStatesHandler } from './queries/get-kiosk-delivery-states/get-kiosk-delivery-states.handler';

/**
 * The worker side: `configure` for a settings change over many kiosks, and its recovery when a job
 * was lost. The command log's worker side issues the commands; it asks here which kiosks take them.
 */
@Module({})
export class KioskWorkerModule {
  static forRoot(): DynamicModule {
    return {
      module: KioskWorkerModule,
      imports: [CqrsModule],
      providers: [
        KioskConfigRepository,
        KioskConfigs,
        KioskConfigsProcessor,
        ConfigureFanOutRecovery,
        GetKioskDeliveryStatesHandler,
      ],
    };
  }
}
