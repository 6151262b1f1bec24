import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { InjectRedis } from '@app/core';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy(key: 'redis') {
    const check = this.health.check(key);
    const started = Date.now();
    try {
      const pong = await Promise.race([
        this.redis.ping(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('timeout after 1000 ms')), 1000).unref(),
        ),
      ]);
      return pong === 'PONG'
        ? check.up({ latencyMs: Date.now() - started })
        : check.down({ message: String(pong) });
    } catch (e) {
      return check.down({ message: e instanceof Error ? e.message : String(e) });
    }
  }
}
