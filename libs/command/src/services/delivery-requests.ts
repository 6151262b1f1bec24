import { Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { InjectRedis } from '@app/core';

/** The Redis channel on which "kiosk K has commands to deliver" is announced to every API instance. */
export const DELIVERY_CHANNEL = 'commands:deliver';

/**
 * Commands are delivered by whichever API instance holds the kiosk's socket, so a new command is
 * announced to all instances; the one with the socket claims and emits it. (The worker announces
 * bulk fan-outs the same way: it holds no sockets.)
 */
@Injectable()
export class DeliveryRequests {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  async announce(kioskIds: readonly number[]): Promise<void> {
    if (!kioskIds.length) return;
    // The client's keyPrefix does not apply to channels: prefix them ourselves to keep deployments apart.
    await this.redis.publish(
      `${this.redis.options.keyPrefix ?? ''}${DELIVERY_CHANNEL}`,
      JSON.stringify(kioskIds),
    );
  }
}
