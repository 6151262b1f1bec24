import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Module } from '@nestjs/common';
import { ThrottlerModule, ThrottlerModuleOptions } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { APP_CONFIG_TOKEN, AppConfig, REDIS_CLIENT } from '@app/core';

const MINUTE_MS = 60_000;

/**
 * A plain per-client-address request limit on login (req.ip, as `TRUST_PROXY` resolves it), in Redis
 * so every instance shares it. Failed attempts are slowed by LoginProtectionService. There is no
 * per-username limit here any more: anyone could use up a username's minute and keep its owner out.
 * Named `default` so the guard's header is the plain `Retry-After`.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG_TOKEN, REDIS_CLIENT],
      useFactory: (config: AppConfig, redis: Redis): ThrottlerModuleOptions => ({
        storage: new ThrottlerStorageRedisService(redis),
        errorMessage: 'Too many login attempts; wait a minute and try again',
        throttlers: [
          {
            name: 'default',
            ttl: MINUTE_MS,
            limit: config.login.rateLimitPerMin,
            getTracker: (req) => `ip:${String(req.ip)}`,
          },
        ],
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class LoginThrottlerModule {}
