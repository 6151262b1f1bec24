import { Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { InjectRedis, RedisChannel } from '@app/core';

/** The Redis channel on which "kiosk K has commands to deliver" is announced to every API instance. */
export const DELIVERY_CHANNEL = 'commands:deliver';

/** Takes the kiosks whose sockets this process holds (and delivers to them); returns the others. */
export type LocalDelivery = (kioskIds: readonly number[]) => readonly number[];

/**
 * Commands are delivered by whichever API instance holds the kiosk's socket, so a new command is
 * announced to all instances; the one with the socket claims and emits it. (The worker announces
 * bulk fan-outs the same way: it holds no sockets.) A kiosk connected to this very instance skips
 * the Redis round trip: that is most commands on a single instance.
 */
@Injectable()
export class DeliveryRequests {
  private local: LocalDelivery | undefined;
  private readonly channel: RedisChannel;

  constructor(@InjectRedis() redis: Redis) {
    this.channel = new RedisChannel(redis, DELIVERY_CHANNEL);
  }

  /** Called by the API's kiosk gateway, the one part of the process that knows its sockets. */
  deliverLocally(local: LocalDelivery): void {
    this.local = local;
  }

  async announce(kioskIds: readonly number[]): Promise<void> {
    const elsewhere = this.local ? this.local(kioskIds) : kioskIds;
    if (!elsewhere.length) return;
    await this.channel.publish(JSON.stringify(elsewhere));
  }
}
