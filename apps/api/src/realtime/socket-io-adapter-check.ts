import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig, InjectAppConfig, InjectRedis } from '@app/core';
import { assertShardedPubSub } from '@app/platform';

/**
 * With SOCKET_IO_ADAPTER=sharded, start-up fails on a Redis without sharded pub/sub (< 7.0) instead
 * of running with instances that cannot hear each other (RealtimeIoAdapter picks the adapter).
 */
@Injectable()
export class SocketIoAdapterCheck implements OnModuleInit {
  private readonly logger = new Logger(SocketIoAdapterCheck.name);

  constructor(
    @InjectRedis() private readonly redis: Redis,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.redis.socketIoAdapter === 'sharded') await assertShardedPubSub(this.redis, this.logger);
  }
}
