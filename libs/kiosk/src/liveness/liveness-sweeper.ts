import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig, InjectAppConfig, InjectRedis, PeriodicTask } from '@app/core';
import { ConnectionRegistry } from './connection-registry';
import { KioskStateRepository } from './kiosk-state.repository';
import { KioskStatusChanges } from './kiosk-status-changes';

const LEADER_KEY = 'leader:kiosk-liveness';
const LEADER_TTL_MS = 5_000;
const SWEEP_MS = 1_000;
const HEARTBEAT_MS = 2_000;
/** Kiosks of a dead instance released per statement. */
const RELEASE_CHUNK = 1_000;

/**
 * Every 2 s, on every instance: keeps this instance's heartbeat. Once a second, on the one instance
 * holding the leader lock: marks kiosks stale that stopped reporting (3 × the telemetry interval)
 * and releases the sockets of instances that died without closing them. Two tasks, so a slow sweep
 * never delays the leader's own heartbeat.
 */
@Injectable()
export class LivenessSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LivenessSweeper.name);
  private readonly heartbeat: PeriodicTask;
  private readonly sweep: PeriodicTask;

  constructor(
    @InjectRedis() redis: Redis,
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly registry: ConnectionRegistry,
    private readonly states: KioskStateRepository,
    private readonly changes: KioskStatusChanges,
  ) {
    this.heartbeat = new PeriodicTask({
      intervalMs: HEARTBEAT_MS,
      run: () => this.registry.heartbeat(),
      logger: this.logger,
      failure: 'liveness heartbeat failed',
    });
    this.sweep = new PeriodicTask({
      intervalMs: SWEEP_MS,
      run: async () => {
        await this.markSilentKiosksStale();
        await this.releaseDeadInstances();
      },
      logger: this.logger,
      failure: 'liveness sweep failed',
      leader: { redis, key: LEADER_KEY, ttlMs: LEADER_TTL_MS },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.registry.heartbeat();
    this.heartbeat.start();
    this.sweep.start();
  }

  async onApplicationShutdown(): Promise<void> {
    // The sweep gives up leadership at once, so another instance takes over without waiting for the TTL.
    await Promise.all([this.heartbeat.stop(), this.sweep.stop()]);
  }

  private async markSilentKiosksStale(): Promise<void> {
    const silentAfterSec = 3 * this.config.telemetryIntervalSec;
    const rows = await this.states.markSilentStale(silentAfterSec);
    this.changes.publish(rows);
  }

  private async releaseDeadInstances(): Promise<void> {
    for (const instance of await this.registry.deadInstances()) {
      const released = await this.registry.removeInstance(instance);
      for (let i = 0; i < released.length; i += RELEASE_CHUNK) {
        this.changes.publish(await this.states.applyConnectionChanges(released.slice(i, i + RELEASE_CHUNK)));
      }
      this.logger.warn(
        `instance ${instance} stopped heartbeating: released ${released.length} kiosk connection(s)`,
      );
    }
  }
}
