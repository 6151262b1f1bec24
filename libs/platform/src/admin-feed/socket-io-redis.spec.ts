import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { assertShardedPubSub } from './socket-io-redis';

/** A Redis whose PUBSUB SHARDNUMSUB answers `reply` (a value, or an error to reject with). */
const redisAnswering = (reply: unknown) =>
  ({
    call: jest.fn(() => (reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply))),
  }) as unknown as Redis;

describe('assertShardedPubSub', () => {
  const logger = { warn: jest.fn() } as unknown as Logger;
  beforeEach(() => jest.clearAllMocks());

  it('passes on a Redis that knows sharded pub/sub (>= 7.0)', async () => {
    const redis = redisAnswering(['socket.io-sharded-probe', 0]);
    await expect(assertShardedPubSub(redis, logger)).resolves.toBeUndefined();
    expect(redis.call).toHaveBeenCalledWith('PUBSUB', 'SHARDNUMSUB', 'socket.io-sharded-probe');
  });

  it.each([
    // Redis 6.2 and 6.0, as they answer an unknown PUBSUB subcommand
    "ERR Unknown subcommand or wrong number of arguments for 'SHARDNUMSUB'. Try PUBSUB HELP.",
    "ERR Unknown PUBSUB subcommand or wrong number of arguments for 'SHARDNUMSUB'",
    // a proxy or fork without PUBSUB at all
    "ERR unknown command 'PUBSUB', with args beginning with: 'SHARDNUMSUB'",
  ])('refuses to start when Redis answers %p', async (answer) => {
    await expect(assertShardedPubSub(redisAnswering(new Error(answer)), logger)).rejects.toThrow(
      /SOCKET_IO_ADAPTER=sharded needs Redis >= 7\.0/,
    );
  });

  it('only warns when Redis cannot be reached now (the adapter subscribes once it is back)', async () => {
    const redis = redisAnswering(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    await expect(assertShardedPubSub(redis, logger)).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('ECONNREFUSED'));
  });
});
