import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import type Redis from 'ioredis';
import { InjectRedis, RedisChannel } from '@app/core';
import { CommandsBecameDeliverableEvent } from '../events/commands-became-deliverable.event';

/**
 * The Redis channel on which kiosks with commands to deliver are announced to every API instance
 * (a JSON array of kiosk ids): the instance holding a kiosk's socket claims and emits its commands.
 */
export const DELIVERY_CHANNEL = 'commands:deliver';

/**
 * How the command module says "kiosks K have commands to deliver". Commands are delivered by
 * whichever API instance holds the kiosk's socket; the module itself knows no sockets.
 */
export abstract class DeliveryRequests {
  abstract announce(kioskIds: readonly number[]): Promise<void>;
}

/**
 * The API side: an in-process event. The API's delivery takes the kiosks whose sockets this
 * instance holds, with no Redis round trip (most commands on a single instance), and announces the
 * rest on DELIVERY_CHANNEL.
 */
@Injectable()
export class EventDeliveryRequests extends DeliveryRequests {
  constructor(private readonly events: EventBus) {
    super();
  }

  async announce(kioskIds: readonly number[]): Promise<void> {
    if (kioskIds.length) this.events.publish(new CommandsBecameDeliverableEvent(kioskIds));
  }
}

/**
 * The worker side (bulk fan-outs): the worker holds no sockets, so every kiosk is announced on
 * DELIVERY_CHANNEL, and a failed announcement fails the job, which is retried.
 */
@Injectable()
export class ChannelDeliveryRequests extends DeliveryRequests {
  private readonly channel: RedisChannel;

  constructor(@InjectRedis() redis: Redis) {
    super();
    this.channel = new RedisChannel(redis, DELIVERY_CHANNEL);
  }

  async announce(kioskIds: readonly number[]): Promise<void> {
    if (kioskIds.length) await this.channel.publish(JSON.stringify(kioskIds));
  }
}
