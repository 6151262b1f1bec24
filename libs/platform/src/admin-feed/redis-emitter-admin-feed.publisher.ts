import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import type Redis from 'ioredis';
import { AppConfig, InjectAppConfig, MetricsService } from '@app/core';
import {
  ADMIN_FEED_NAMESPACE,
  AdminFeedEventName,
  AdminFeedEvents,
  AdminFeedServerEvents,
} from '@app/contracts';
import { AdminFeedAudience } from './admin-feed-audience';
import { AdminFeedPublisher } from './admin-feed.publisher';
import { ShardedSocketIoEmitter } from './sharded-socket-io-emitter';
import {
  assertShardedPubSub,
  closeSocketIoRedisClient,
  shardedNamespaceChannel,
  socketIoKey,
  socketIoRedisClient,
} from './socket-io-redis';

/**
 * The publisher of processes without sockets (the worker): publishes straight to the channels the
 * API instances' Socket.IO Redis adapters listen on, which deliver to their local sockets. Which
 * channels depends on SOCKET_IO_ADAPTER, the same setting the API instances read.
 */
@Injectable()
export class RedisEmitterAdminFeedPublisher
  extends AdminFeedPublisher
  implements OnModuleInit, OnApplicationShutdown
{
  private redis: Redis | undefined;
  private emitter: Emitter<AdminFeedServerEvents> | undefined;
  private sharded: ShardedSocketIoEmitter | undefined;

  constructor(
    metrics: MetricsService,
    audience: AdminFeedAudience,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {
    super(metrics, audience);
  }

  async onModuleInit(): Promise<void> {
    const redis = socketIoRedisClient(this.config.redis.url, 'admin-feed emitter');
    this.redis = redis;
    if (this.config.redis.socketIoAdapter === 'sharded') {
      await assertShardedPubSub(redis, new Logger(RedisEmitterAdminFeedPublisher.name));
      const channel = shardedNamespaceChannel(this.config, ADMIN_FEED_NAMESPACE);
      this.sharded = new ShardedSocketIoEmitter(redis, channel, ADMIN_FEED_NAMESPACE);
      return;
    }
    this.emitter = new Emitter<AdminFeedServerEvents>(redis, { key: socketIoKey(this.config) }).of(
      ADMIN_FEED_NAMESPACE,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    const redis = this.redis;
    this.emitter = undefined;
    this.sharded = undefined;
    this.redis = undefined;
    if (redis) await closeSocketIoRedisClient(redis);
  }

  protected send<E extends AdminFeedEventName>(
    event: E,
    rooms: string[],
    payload: AdminFeedEvents[E],
  ): boolean {
    if (this.sharded) {
      this.sharded.emit(rooms, event, [payload]);
      return true;
    }
    if (!this.emitter) return false;
    // Socket.IO's typings cannot follow a generic event name to its parameters; the map still
    // types every caller of emit().
    const args = [payload] as Parameters<AdminFeedServerEvents[E]>;
    this.emitter.to(rooms).emit(event, ...args);
    return true;
  }
}
