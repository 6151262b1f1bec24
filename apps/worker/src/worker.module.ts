import { DynamicModule, Module } from '@nestjs/common';
import {
  AppConfig,
  DomainModuleDescriptor,
  ProcessorWiringModule,
  selectEnabledWorkerModules,
} from '@app/core';
import { AdminFeedModule, PlatformModule, RedisEmitterAdminFeedPublisher } from '@app/platform';
import { DOMAIN_MODULES } from './domain-modules';

/** Bull processors and scheduled jobs; no HTTP controllers and no sockets (feed events go out through Redis). */
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
        // Domain events that happen here reach the admin feed's sockets on the API instances.
        AdminFeedModule.forRoot(RedisEmitterAdminFeedPublisher),
        ...selectEnabledWorkerModules(domainModules, config),
      ],
    };
  }
}
