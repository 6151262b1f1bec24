import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import type { AppConfig } from '@app/core';

/**
 * The Redis channel prefix of Socket.IO's adapter (API instances) and emitter (the worker): both
 * must use the same one, and the deployment's key prefix keeps deployments sharing a Redis apart.
 */
export const socketIoKey = (config: AppConfig) => `${config.redis.keyPrefix}socket.io`;

/**
 * The sharded adapter's subscriptions: "static" is two channels per namespace (the namespace's and
 * this server's responses), like the classic adapter. Its default, "dynamic", adds one channel per
 * public room, subscribed when the room appears on a server: here every kiosk socket has its own
 * room (`kiosk:<id>`) and every feed socket one per assigned kiosk, yet nothing broadcasts through
 * the adapter to one such room (commands go out `local`ly, feed events name two rooms, which always
 * takes the namespace channel), so "dynamic" would only cost an SSUBSCRIBE and SUNSUBSCRIBE per
 * kiosk connection. The worker's emitter publishes where "static" listens.
 */
export const SHARDED_SUBSCRIPTION_MODE = 'static';

/** The sharded adapter's channel of a namespace ("<prefix>#<nsp>#"), where the worker publishes too. */
export const shardedNamespaceChannel = (config: AppConfig, nsp: string) => `${socketIoKey(config)}#${nsp}#`;

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * A Redis connection for Socket.IO's pub/sub. No keyPrefix: the adapter and emitter name their
 * channels themselves. Neither of them handles a failed PUBLISH (nor the sharded adapter a failed
 * SSUBSCRIBE, which it does not await), which would surface as an unhandled rejection and end the
 * process during a Redis outage, so failures are logged here: a feed event lost while Redis is down
 * is acceptable, a crashed API is not. ioredis subscribes again by itself once Redis is back.
 */
export function socketIoRedisClient(url: string, role: string): Redis {
  const logger = new Logger(`SocketIoRedis(${role})`);
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  redis.on('error', (e: Error) => logger.warn(`redis: ${e.message}`));
  type Send = (channel: string | Buffer, message: string | Buffer) => Promise<number>;
  const publish = redis.publish.bind(redis) as Send;
  redis.publish = ((channel: string | Buffer, message: string | Buffer) =>
    publish(channel, message).catch((e: unknown) => {
      logger.warn(`publish failed: ${messageOf(e)}`);
      return 0;
    })) as Redis['publish'];
  const spublish = redis.spublish.bind(redis) as Send;
  redis.spublish = ((channel: string | Buffer, message: string | Buffer) =>
    spublish(channel, message).catch((e: unknown) => {
      logger.warn(`spublish failed: ${messageOf(e)}`);
      return 0;
    })) as Redis['spublish'];
  type Subscribe = (...channels: string[]) => Promise<unknown>;
  const logged =
    (verb: string, call: Subscribe): Subscribe =>
    (...channels) =>
      call(...channels).catch((e: unknown) => {
        logger.warn(`${verb} ${channels.join(' ')} failed: ${messageOf(e)}`);
        return 0;
      });
  redis.ssubscribe = logged('ssubscribe', redis.ssubscribe.bind(redis)) as Redis['ssubscribe'];
  redis.sunsubscribe = logged('sunsubscribe', redis.sunsubscribe.bind(redis)) as Redis['sunsubscribe'];
  return redis;
}

/**
 * SOCKET_IO_ADAPTER=sharded needs sharded pub/sub (Redis >= 7.0). On an older server SSUBSCRIBE
 * fails on every connection and no instance hears another: refuse to start instead. A Redis that
 * cannot be reached now is not a verdict (the adapter subscribes once it is back): logged only.
 */
export async function assertShardedPubSub(redis: Redis, logger: Logger): Promise<void> {
  try {
    await redis.call('PUBSUB', 'SHARDNUMSUB', 'socket.io-sharded-probe');
  } catch (e) {
    const message = messageOf(e);
    if (/unknown (sub)?command|ERR unknown|wrong number of arguments/i.test(message)) {
      throw new Error(
        `SOCKET_IO_ADAPTER=sharded needs Redis >= 7.0 (sharded pub/sub); this Redis answered: ${message}`,
      );
    }
    logger.warn(`could not check Redis for sharded pub/sub (${message}); going on`);
  }
}

/** Closes a client made above, politely if it is up. */
export async function closeSocketIoRedisClient(redis: Redis): Promise<void> {
  await redis.quit().catch(() => redis.disconnect());
}
