import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';

/**
 * A pub/sub channel shared by the processes of one deployment. ioredis applies its keyPrefix to
 * keys but not to channels, so the name is prefixed here to keep deployments sharing a Redis apart.
 * Subscribing takes a connection of its own (a subscribed connection can do nothing else).
 */
export class RedisChannel {
  private static readonly logger = new Logger(RedisChannel.name);
  readonly name: string;
  private subscriber: Redis | undefined;

  constructor(
    private readonly redis: Redis,
    name: string,
  ) {
    this.name = `${redis.options.keyPrefix ?? ''}${name}`;
  }

  publish(message: string): Promise<number> {
    return this.redis.publish(this.name, message);
  }

  async subscribe(onMessage: (message: string) => void): Promise<void> {
    this.subscriber = this.redis.duplicate({ keyPrefix: '' });
    this.subscriber.on('message', (_channel: string, message: string) => onMessage(message));
    // ioredis reconnects by itself; without a listener it would print every error as unhandled.
    this.subscriber.on('error', (e: Error) => RedisChannel.logger.debug(`${this.name}: ${e.message}`));
    await this.subscriber.subscribe(this.name);
  }

  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    await subscriber?.quit().catch(() => undefined);
  }
}
