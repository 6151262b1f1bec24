import { DynamicModule, Module } from '@nestjs/common';
import {
  AppConfig,
  DomainModuleDescriptor,
  ProcessorWiringModule,
  selectEnabledModules,
  selectEnabledWorkerModules,
} from '@app/core';
import { AuthModule } from '@app/auth';
import { PlatformModule } from '@app/platform';
import { ApiKeysHttpModule } from './api-keys/api-keys-http.module';
import { AuditLogHttpModule } from './audit-log/audit-log-http.module';
import { AuthHttpModule } from './auth/auth-http.module';
import { HealthModule } from './health/health.module';
import { UsersHttpModule } from './users/users-http.module';
import { API_DOMAIN_MODULES } from './domain-modules';
import { RealtimeModule } from './realtime/realtime.module';

export interface AppModuleOptions {
  /** Also run the Bull processors in this process (what `npm start` does for a newcomer). */
  withWorker?: boolean;
  /** Replaces the API's domain module catalogue (tests plug in their own). */
  domainModules?: readonly DomainModuleDescriptor[];
  /** Replaces the worker sides mounted with `withWorker` (default: every module's). */
  workerModules?: readonly DomainModuleDescriptor[];
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    const domain = options.domainModules ?? API_DOMAIN_MODULES;
    const worker = options.withWorker
      ? [
          ProcessorWiringModule,
          ...selectEnabledWorkerModules(options.workerModules ?? API_DOMAIN_MODULES, config),
        ]
      : [];
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config),
        AuthModule,
        AuthHttpModule,
        UsersHttpModule,
        AuditLogHttpModule,
        ApiKeysHttpModule,
        HealthModule,
        RealtimeModule,
        ...selectEnabledModules(domain, config),
        ...worker,
      ],
    };
  }
}
