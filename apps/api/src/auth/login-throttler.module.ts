import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Module } from '@nestjs/common';
import { ThrottlerModule, ThrottlerModuleOptions } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { APP_CONFIG_TOKEN, AppConfig, REDIS_CLIENT } from '@app/core';

const MINUTE_MS = 60_000;

function usernameOf(req: Record<string, unknown>): string {
  const body = req.body as { username?: unknown } | undefined;
  return typeof body?.username === 'string' ? body.username.trim().toLowerCase().slice(0, 64) : '';
}

/**
 * Login is limited per client IP and, separately, per username, so neither one address trying many
 * names nor many addresses trying one name get far. Counters live in Redis so every instance
 * shares them.
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
            name: 'ip',
            ttl: MINUTE_MS,
            limit: config.login.rateLimitPerMin,
            getTracker: (req) => String(req.ip),
          },
          {
            name: 'username',
            ttl: MINUTE_MS,
            limit: config.login.rateLimitPerMin,
            getTracker: (req) => `user:${usernameOf(req)}`,
          },
        ],
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class LoginThrottlerModule {}
