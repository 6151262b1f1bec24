import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { PacketType } from 'socket.io-parser';

/**
 * `@socket.io/redis-emitter` (5.1) speaks only the classic adapter's protocol (PUBLISH of a
 * msgpack `[uid, packet, opts]`), which sharded adapters never hear. This is its broadcast for
 * `createShardedAdapter` (@socket.io/redis-adapter 8.3): the cluster adapter's BROADCAST message as
 * JSON (what the adapter itself sends when there is no binary), SPUBLISHed on the namespace channel,
 * where every server subscribes in the "static" subscription mode (SHARDED_SUBSCRIPTION_MODE).
 * `test/socket-io-sharded.e2e-spec.ts` checks that API instances deliver it.
 */
export class ShardedSocketIoEmitter {
  /** Never an adapter's uid (adapters ignore their own messages), unique per emitter. */
  private readonly uid = `emitter-${randomBytes(8).toString('hex')}`;

  constructor(
    private readonly redis: Redis,
    /** shardedNamespaceChannel(config, nsp) */
    private readonly channel: string,
    private readonly nsp: string,
  ) {}

  /**
   * Sends `event` to every socket of the namespace in any of `rooms` (once per socket), on every
   * server. Fire and forget, like the classic emitter: the client logs a failed SPUBLISH.
   */
  emit(rooms: readonly string[], event: string, args: readonly unknown[]): void {
    const message = {
      uid: this.uid,
      nsp: this.nsp,
      type: BROADCAST,
      data: {
        packet: { type: PacketType.EVENT, data: [event, ...args], nsp: this.nsp },
        opts: { rooms: [...rooms], except: [], flags: {} },
      },
    };
    void this.redis.spublish(this.channel, JSON.stringify(message));
  }
}

/** socket.io-adapter's MessageType.BROADCAST (cluster-adapter.ts), a wire constant of its protocol. */
const BROADCAST = 3;
