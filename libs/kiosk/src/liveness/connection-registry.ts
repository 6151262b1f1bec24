import { Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { INSTANCE_ID, InjectRedis } from '@app/core';

const conns = (kioskId: number) => `kiosk:conns:${kioskId}`;
const version = (kioskId: number) => `kiosk:connver:${kioskId}`;
const alive = (instance: string) => `instance:alive:${instance}`;
const instanceKiosks = (instance: string) => `instance:kiosks:${instance}`;
const INSTANCES = 'instances';
export const INSTANCE_TTL_MS = 10_000;

export interface ConnectionChange {
  /** Live connections of the kiosk across all instances after the change. */
  open: number;
  /** Monotonic per kiosk: orders the database writes of concurrent changes. */
  version: number;
}

/**
 * Which sockets of which kiosk are open on which instance, shared in Redis. A kiosk is connected
 * while it has at least one entry; an instance's entries outlive it only until its heartbeat key
 * expires, when the liveness leader removes them (so a restart elsewhere never marks kiosks offline).
 */
@Injectable()
export class ConnectionRegistry {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  async opened(kioskId: number, connectionId: string): Promise<ConnectionChange> {
    const res = await this.redis
      .multi()
      .hset(conns(kioskId), connectionId, INSTANCE_ID)
      .sadd(instanceKiosks(INSTANCE_ID), String(kioskId))
      .sadd(INSTANCES, INSTANCE_ID)
      .incr(version(kioskId))
      .hlen(conns(kioskId))
      .exec();
    return this.change(res);
  }

  async closed(kioskId: number, connectionId: string): Promise<ConnectionChange> {
    const res = await this.redis
      .multi()
      .hdel(conns(kioskId), connectionId)
      .incr(version(kioskId))
      .hlen(conns(kioskId))
      .exec();
    return this.change(res);
  }

  async heartbeat(): Promise<void> {
    await this.redis.set(alive(INSTANCE_ID), '1', 'PX', INSTANCE_TTL_MS);
  }

  /** Instances that registered connections but whose heartbeat has expired. */
  async deadInstances(): Promise<string[]> {
    const instances = await this.redis.smembers(INSTANCES);
    if (!instances.length) return [];
    const flags = await this.redis.mget(...instances.map(alive));
    return instances.filter((_, i) => flags[i] === null);
  }

  /** Drops every connection a dead instance held; returns the change per affected kiosk. */
  async removeInstance(instance: string): Promise<Array<{ kioskId: number } & ConnectionChange>> {
    const kioskIds = (await this.redis.smembers(instanceKiosks(instance))).map(Number);
    const out: Array<{ kioskId: number } & ConnectionChange> = [];
    for (const kioskId of kioskIds) {
      const entries = await this.redis.hgetall(conns(kioskId));
      const mine = Object.keys(entries).filter((field) => entries[field] === instance);
      if (!mine.length) continue;
      const res = await this.redis
        .multi()
        .hdel(conns(kioskId), ...mine)
        .incr(version(kioskId))
        .hlen(conns(kioskId))
        .exec();
      out.push({ kioskId, ...this.change(res) });
    }
    await this.redis.multi().del(instanceKiosks(instance)).srem(INSTANCES, instance).exec();
    return out;
  }

  /** Reads the trailing INCR and HLEN of a MULTI. */
  private change(res: Array<[Error | null, unknown]> | null): ConnectionChange {
    if (!res) throw new Error('Redis transaction aborted');
    const failed = res.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
    return { version: Number(res[res.length - 2]?.[1]), open: Number(res[res.length - 1]?.[1]) };
  }
}
