import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import type { AppConfig } from '@app/core';

/**
 * The Redis channel prefix of Socket.IO's adapter (API instances) and emitter (the worker): both
 * must use the same one, and the deployment's key prefix keeps deployments sharing a Redis apart.
 */
export const socketIoKey = (config: AppConfig) => `${config.redis.keyPrefix}socket.io`;

/**
 * A Redis connection for Socket.IO's pub/sub. No keyPrefix: the adapter and emitter name their
 * channels themselves. Neither of them handles a failed PUBLISH, which would surface as an
 * unhandled rejection and end the process during a Redis outage, so failures are logged here:
 * a feed event lost while Redis is down is acceptable, a crashed API is not.
 */
export function socketIoRedisClient(url: string, role: string): Redis {
  const logger = new Logger(`SocketIoRedis(${role})`);
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  redis.on('error', (e: Error) => logger.warn(`redis: ${e.message}`));
  const publish = redis.publish.bind(redis) as (
    channel: string | Buffer,
    message: string | Buffer,
  ) => Promise<number>;
  redis.publish = ((channel: string | Buffer, message: string | Buffer) =>
    publish(channel, message).catch((e: unknown) => {
      logger.warn(`publish failed: ${e instanceof Error ? e.message : String(e)}`);
      return 0;
    })) as Redis['publish'];
  return redis;
}

/** Closes a client made above, politely if it is up. */
export async function closeSocketIoRedisClient(redis: Redis): Promise<void> {
  await redis.quit().catch(() => redis.disconnect());
}
