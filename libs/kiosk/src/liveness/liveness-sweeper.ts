import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig, InjectAppConfig, InjectRedis, LeaderLock } from '@app/core';
import { queryRecords } from '@app/database';
import { applyConnectionChange } from '../commands/record-kiosk-connection/record-kiosk-connection.handler';
import { ConnectionRegistry } from './connection-registry';
import { KioskStatusChanges, STATUS_RETURNING, StatusRow } from './kiosk-status-changes';

const LEADER_KEY = 'leader:kiosk-liveness';
const LEADER_TTL_MS = 5_000;
const TICK_MS = 1_000;
const HEARTBEAT_EVERY_TICKS = 2;

/**
 * Once a second: keeps this instance's heartbeat, and on the one instance holding the leader lock,
 * marks kiosks stale that stopped reporting (3 × the telemetry interval) and releases the sockets
 * of instances that died without closing them.
 */
@Injectable()
export class LivenessSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LivenessSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private ticks = 0;
  private running = false;
  private readonly leader: LeaderLock;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRedis() redis: Redis,
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly registry: ConnectionRegistry,
    private readonly changes: KioskStatusChanges,
  ) {
    this.leader = new LeaderLock(redis, LEADER_KEY, LEADER_TTL_MS);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.registry.heartbeat();
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    // Give up leadership at once so another instance takes over without waiting for the TTL.
    await this.leader.release();
  }

  /** One pass; public so tests can drive time instead of waiting. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      if (this.ticks++ % HEARTBEAT_EVERY_TICKS === 0) await this.registry.heartbeat();
      if (!(await this.leader.holdOrTake())) return;
      await this.markSilentKiosksStale();
      await this.releaseDeadInstances();
    } catch (e) {
      this.logger.warn(`liveness sweep failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.running = false;
    }
  }

  private async markSilentKiosksStale(): Promise<void> {
    const silentAfterSec = 3 * this.config.telemetryIntervalSec;
    const rows = await queryRecords<StatusRow>(
      this.dataSource,
      `WITH old AS (SELECT kiosk_id, status FROM kiosk_state
                     WHERE reporting AND last_seen_at < now() - make_interval(secs => $1)
                     FOR UPDATE SKIP LOCKED)
       UPDATE kiosk_state s SET reporting = false FROM old WHERE s.kiosk_id = old.kiosk_id
       RETURNING ${STATUS_RETURNING}`,
      [silentAfterSec],
    );
    this.changes.publish(rows);
  }

  private async releaseDeadInstances(): Promise<void> {
    for (const instance of await this.registry.deadInstances()) {
      const released = await this.registry.removeInstance(instance);
      for (const { kioskId, ...change } of released) {
        this.changes.publish(await applyConnectionChange(this.dataSource, kioskId, change));
      }
      this.logger.warn(
        `instance ${instance} stopped heartbeating: released ${released.length} kiosk connection(s)`,
      );
    }
  }
}
