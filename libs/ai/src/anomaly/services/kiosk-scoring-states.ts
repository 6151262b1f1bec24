import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { InjectRedis, PeriodicTask } from '@app/core';
import {
  AnomalyAlertPolicy,
  decodeKioskFeatureState,
  encodeKioskFeatureState,
  FEATURE_SPEC_HASH,
  KioskFeatureExtractor,
} from '@app/ml';

/** Baselines are saved to Redis this often, so a restart or a reconnect elsewhere keeps them. */
const SNAPSHOT_MS = 60_000;
const SNAPSHOT_CHUNK = 500;
const SAVE_FAILED = 'kiosk baselines not saved';

/**
 * What this process remembers per kiosk for scoring: its feature baselines (the extractor) and
 * its alert policy (an `ai_anomaly` alert opens once the score stays high for a minute). A kiosk
 * reports to one instance at a time; its baselines are saved to a Redis hash every minute and
 * picked up by whichever instance sees the kiosk next (after a restart or a reconnect), so the
 * model does not judge a known kiosk as a stranger. The hash is keyed by the feature spec (and holds
 * encodeKioskFeatureState bytes): a new spec starts from scratch rather than misread old state.
 */
@Injectable()
export class KioskScoringStates implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KioskScoringStates.name);
  readonly features = new KioskFeatureExtractor();
  private readonly policies = new Map<number, AnomalyAlertPolicy>();
  private readonly dirty = new Set<number>();
  private readonly restoring = new Map<number, Promise<void>>();
  private readonly snapshots: PeriodicTask;

  constructor(@InjectRedis() private readonly redis: Redis) {
    this.snapshots = new PeriodicTask({
      intervalMs: SNAPSHOT_MS,
      run: () => this.save(),
      logger: this.logger,
      failure: SAVE_FAILED,
    });
  }

  private get key(): string {
    return `ai:kiosk-features:${FEATURE_SPEC_HASH}:bin`;
  }

  onModuleInit(): void {
    this.snapshots.start();
  }

  async onApplicationShutdown(): Promise<void> {
    // After the snapshot in progress, one last one for what was scored since.
    await this.snapshots.stop();
    await this.save().catch((e: Error) => this.logger.warn(`${SAVE_FAILED}: ${e.message}`));
  }

  policy(kioskId: number): AnomalyAlertPolicy {
    let p = this.policies.get(kioskId);
    if (p === undefined) {
      p = new AnomalyAlertPolicy();
      this.policies.set(kioskId, p);
    }
    return p;
  }

  touched(kioskId: number): void {
    this.dirty.add(kioskId);
  }

  /** Loads the saved baselines of kiosks this process has not seen yet (once per kiosk). */
  restore(kioskIds: Iterable<number>): Promise<void> {
    const waits: Promise<void>[] = [];
    const missing: number[] = [];
    for (const id of new Set(kioskIds)) {
      const pending = this.restoring.get(id);
      if (pending !== undefined) waits.push(pending);
      else if (this.features.stateOf(id) === undefined) missing.push(id);
    }
    if (missing.length > 0) {
      const load = this.load(missing);
      for (const id of missing) this.restoring.set(id, load);
      waits.push(load);
    }
    return Promise.all(waits).then(() => undefined);
  }

  private async load(ids: number[]): Promise<void> {
    try {
      const saved = await this.redis.hmgetBuffer(this.key, ...ids.map(String));
      ids.forEach((id, i) => {
        const bytes = saved[i];
        const state = bytes ? decodeKioskFeatureState(bytes) : null;
        // A kiosk that reported here meanwhile keeps its fresher state.
        if (state && this.features.stateOf(id) === undefined) this.features.restore(id, state);
      });
    } catch (e) {
      this.logger.warn(`kiosk baselines not restored: ${(e as Error).message}`);
    }
  }

  /** A snapshot now (after the one in progress, if any); public so tests need not wait for the timer. */
  async snapshot(): Promise<void> {
    await this.snapshots.runNow();
  }

  /** Saves the baselines of the kiosks that reported since the last snapshot. */
  private async save(): Promise<void> {
    if (this.dirty.size === 0) return;
    const ids = [...this.dirty];
    this.dirty.clear();
    for (let i = 0; i < ids.length; i += SNAPSHOT_CHUNK) {
      const fields: Array<string | Buffer> = [];
      for (const id of ids.slice(i, i + SNAPSHOT_CHUNK)) {
        const state = this.features.stateOf(id);
        if (state !== undefined) fields.push(String(id), encodeKioskFeatureState(state));
      }
      if (fields.length > 0) await this.redis.hset(this.key, ...fields);
    }
  }
}
