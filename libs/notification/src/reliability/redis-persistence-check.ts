import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type Redis from 'ioredis';
import { InjectRedis } from '@app/core';

export interface PersistenceSettings {
  appendonly: string | undefined;
  maxmemoryPolicy: string | undefined;
}

/** What is wrong with a Redis that holds queued notifications, or [] when it keeps them safe. */
export function persistenceProblems(s: PersistenceSettings): string[] {
  const problems: string[] = [];
  if (s.appendonly !== 'yes') {
    problems.push(
      `appendonly is "${s.appendonly ?? 'unknown'}" (want "yes": a restart loses queued notifications otherwise)`,
    );
  }
  if (s.maxmemoryPolicy !== 'noeviction') {
    problems.push(
      `maxmemory-policy is "${s.maxmemoryPolicy ?? 'unknown'}" (want "noeviction": Redis may otherwise evict queued jobs under memory pressure)`,
    );
  }
  return problems;
}

/** Warns at start when Redis could lose acknowledged notification jobs (see README, Redis persistence). */
@Injectable()
export class RedisPersistenceCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger(RedisPersistenceCheck.name);

  constructor(@InjectRedis() private readonly redis: Redis) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const settings = await this.read();
      for (const p of persistenceProblems(settings)) this.logger.warn(`Redis persistence: ${p}`);
    } catch (e) {
      // Managed Redis services often disable CONFIG; the operator has to check there.
      this.logger.warn(
        `Redis persistence could not be checked (CONFIG GET refused: ${(e as Error).message})`,
      );
    }
  }

  async read(): Promise<PersistenceSettings> {
    const [aof, policy] = await Promise.all([
      this.redis.config('GET', 'appendonly') as Promise<string[]>,
      this.redis.config('GET', 'maxmemory-policy') as Promise<string[]>,
    ]);
    return { appendonly: aof[1], maxmemoryPolicy: policy[1] };
  }
}
