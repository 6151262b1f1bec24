import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import {
  AppConfig,
  appConfigModule,
  loggerModule,
  MetricsModule,
  QueuesModule,
  RedisModule,
} from '@app/core';
import { DatabaseModule } from '@app/database';

/**
 * What every process of the system stands on, API and worker alike: validated config, structured
 * logs, metrics, PostgreSQL, Redis, the Bull queues and the CQRS buses.
 * Periodic tasks need no scheduler module: each runs on a PeriodicTask of its own (@app/core).
 */
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig): DynamicModule {
    const shared = [
      loggerModule(config),
      MetricsModule,
      DatabaseModule.forRoot(config.database),
      RedisModule,
      QueuesModule.forRoot(config),
      CqrsModule.forRoot(),
    ];
    // The config module is global by itself (and comes as a promise, which cannot be re-exported).
    return { module: PlatformModule, imports: [appConfigModule(config), ...shared], exports: shared };
  }
}
