import { Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { INSTANCE_ID, InjectRedis } from '@app/core';

const conns = (kioskId: number) => `kiosk:conns:${kioskId}`;
const version = (kioskId: number) => `kiosk:connver:${kioskId}`;
const alive = (instance: string) => `instance:alive:${instance}`;
const instanceKiosks = (instance: string) => `instance:kiosks:${instance}`;
const INSTANCES = 'instances';
export const INSTANCE_TTL_MS = 10_000;
const REMOVE_CHUNK = 500;

/** A socket of a kiosk opened (connected) or closed on this instance. */
export interface SocketChange {
  kioskId: number;
  connectionId: string;
  connected: boolean;
}

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

  /**
   * Sockets opened and closed, in the order given, in one Redis transaction: one round trip for all
   * the connects and disconnects of a tick. Answers the change after each, in the same order.
   */
  async record(changes: readonly SocketChange[]): Promise<ConnectionChange[]> {
    if (changes.length === 0) return [];
    const multi = this.redis.multi();
    let opens = false;
    for (const c of changes) {
      if (c.connected) {
        opens = true;
        multi
          .hset(conns(c.kioskId), c.connectionId, INSTANCE_ID)
          .sadd(instanceKiosks(INSTANCE_ID), String(c.kioskId));
      } else {
        multi.hdel(conns(c.kioskId), c.connectionId);
      }
      multi.incr(version(c.kioskId)).hlen(conns(c.kioskId));
    }
    if (opens) multi.sadd(INSTANCES, INSTANCE_ID);
    const res = checked(await multi.exec());
    const out: ConnectionChange[] = [];
    let at = 0;
    for (const c of changes) {
      at += c.connected ? 2 : 1;
      out.push({ version: Number(res[at]), open: Number(res[at + 1]) });
      at += 2;
    }
    return out;
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

  /**
   * Drops every connection a dead instance held; returns the change per affected kiosk. Pipelined
   * in chunks: after an instance dies its thousands of kiosks are released in a few round trips.
   */
  async removeInstance(instance: string): Promise<Array<{ kioskId: number } & ConnectionChange>> {
    const kioskIds = (await this.redis.smembers(instanceKiosks(instance))).map(Number);
    const out: Array<{ kioskId: number } & ConnectionChange> = [];
    for (let i = 0; i < kioskIds.length; i += REMOVE_CHUNK) {
      const chunk = kioskIds.slice(i, i + REMOVE_CHUNK);
      const read = this.redis.pipeline();
      for (const kioskId of chunk) read.hgetall(conns(kioskId));
      const entries = checked(await read.exec()) as Array<Record<string, string>>;
      const theirs = chunk
        .map((kioskId, j) => {
          const fields = entries[j] ?? {};
          return { kioskId, fields: Object.keys(fields).filter((f) => fields[f] === instance) };
        })
        .filter((k) => k.fields.length > 0);
      if (theirs.length === 0) continue;
      const multi = this.redis.multi();
      for (const k of theirs)
        multi
          .hdel(conns(k.kioskId), ...k.fields)
          .incr(version(k.kioskId))
          .hlen(conns(k.kioskId));
      const res = checked(await multi.exec());
      theirs.forEach((k, j) =>
        out.push({ kioskId: k.kioskId, version: Number(res[j * 3 + 1]), open: Number(res[j * 3 + 2]) }),
      );
    }
    await this.redis.multi().del(instanceKiosks(instance)).srem(INSTANCES, instance).exec();
    return out;
  }
}

/** The replies of a MULTI or pipeline, or its first error. */
function checked(res: Array<[Error | null, unknown]> | null): unknown[] {
  if (!res) throw new Error('Redis transaction aborted');
  const failed = res.find(([err]) => err);
  if (failed?.[0]) throw failed[0];
  return res.map(([, value]) => value);
}
