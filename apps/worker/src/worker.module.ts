import { DynamicModule, Module } from '@nestjs/common';
import {
  AppConfig,
  DomainModuleDescriptor,
  ProcessorWiringModule,
  selectEnabledWorkerModules,
} from '@app/core';
import { DOMAIN_MODULES, PlatformModule } from '@app/platform';

/** Bull processors and scheduled jobs; no HTTP controllers and no sockets. */
@Module({})
export class WorkerModule {
  static forRoot(
    config: AppConfig,
    domainModules: readonly DomainModuleDescriptor[] = DOMAIN_MODULES,
  ): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(config),
        ProcessorWiringModule,
        ...selectEnabledWorkerModules(domainModules, config),
      ],
    };
  }
}
