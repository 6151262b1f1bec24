import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import * as ort from 'onnxruntime-node';
import { InjectRedis, PeriodicTask, RedisChannel } from '@app/core';
import {
  FEATURE_COUNT,
  FEATURE_SPEC_HASH,
  ModelCard,
  ONNX_INPUT,
  ONNX_OUTPUT,
  SESSION_OPTIONS,
} from '@app/ml';
import { MicroBatcher } from './micro-batcher';
import { ModelRegistry } from './model-registry';

/** The committed baseline, relative to the working directory the app starts in (the repository). */
export const BASELINE_MODEL_PATH = join('ml', 'models', 'anomaly-baseline');
/** Micro-batching: at most this many rows or this long a wait before one `run()`. */
const BATCH_ROWS = 256;
const BATCH_WAIT_MS = 10;
/** Announced on Redis when the active model changes, so every instance swaps at once. */
export const MODEL_ACTIVATED_CHANNEL = 'ai:model-activated';
/** A missed announcement (Redis blip) is caught up with after this long. */
const REFRESH_MS = 30_000;
/** An old session stays open this long after a swap, for explanations of readings it scored. */
const RELEASE_DELAY_MS = 5_000;

export interface LoadedModel {
  version: string;
  algorithm: string;
  threshold: number;
  card: ModelCard;
  /** Micro-batched scoring: concurrent callers share `run()` calls. */
  batcher: MicroBatcher;
  /** Immediate scoring of a small batch (explanations), without waiting for others. */
  run(X: Float32Array, nRows: number): Promise<Float32Array>;
  /** Scores what it was given, waits `afterMs` (explanations in flight), then closes the session. */
  release(afterMs?: number): Promise<void>;
}

async function loadModel(card: ModelCard, onnx: Uint8Array): Promise<LoadedModel> {
  if (card.featureSpec.hash !== FEATURE_SPEC_HASH) {
    throw new Error(
      `model ${card.version} was trained on feature spec ${card.featureSpec.hash}; this server computes ${FEATURE_SPEC_HASH}`,
    );
  }
  const session = await ort.InferenceSession.create(onnx, SESSION_OPTIONS);
  const run = async (X: Float32Array, nRows: number): Promise<Float32Array> => {
    const input = new ort.Tensor('float32', X.subarray(0, nRows * FEATURE_COUNT), [nRows, FEATURE_COUNT]);
    const out = await session.run({ [ONNX_INPUT]: input });
    return out[ONNX_OUTPUT].data as Float32Array;
  };
  const batcher = new MicroBatcher(run, FEATURE_COUNT, BATCH_ROWS, BATCH_WAIT_MS);
  return {
    version: card.version,
    algorithm: card.algorithm,
    threshold: card.threshold,
    card,
    batcher,
    run,
    release: async (afterMs = 0) => {
      await batcher.drain();
      if (afterMs > 0) await new Promise((resolve) => setTimeout(resolve, afterMs).unref());
      await session.release();
    },
  };
}

/**
 * One onnxruntime session per process, for the active model. On start it registers the committed
 * baseline when the registry has no active model, so a fresh installation scores from the first
 * reading. An activation anywhere is announced on Redis and every instance loads the new model into
 * a new session and swaps it in without losing rows: the old session finishes what it was given.
 */
@Injectable()
export class AnomalyModelService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AnomalyModelService.name);
  private model: LoadedModel | null = null;
  private readonly channel: RedisChannel;
  /** Every reload (start, announcement, activation here, catch-up) is a pass: one at a time. */
  private readonly reloads: PeriodicTask;

  constructor(
    private readonly registry: ModelRegistry,
    @InjectRedis() redis: Redis,
  ) {
    this.channel = new RedisChannel(redis, MODEL_ACTIVATED_CHANNEL);
    this.reloads = new PeriodicTask({
      intervalMs: REFRESH_MS,
      run: () => this.loadActive(),
      // An instance left on an old model (or none) is an error, not a warning.
      logger: { warn: (message: string) => this.logger.error(message) },
      failure: 'model reload failed',
    });
  }

  async onModuleInit(): Promise<void> {
    try {
      const [card, onnx] = await Promise.all([
        readFile(`${BASELINE_MODEL_PATH}.card.json`, 'utf8').then((t) => JSON.parse(t) as ModelCard),
        readFile(`${BASELINE_MODEL_PATH}.onnx`),
      ]);
      await this.registry.registerIfNoneActive(card, onnx, 'baseline');
    } catch (e) {
      this.logger.warn(`baseline model not registered: ${(e as Error).message}`);
    }
    await this.reloads.runNow();
    await this.channel.subscribe(() => this.reloads.trigger());
    this.reloads.start();
  }

  async onApplicationShutdown(): Promise<void> {
    // Waits for a reload in progress, so no session is loaded after the current one is released.
    await this.reloads.stop();
    await this.channel.close();
    const old = this.model;
    this.model = null;
    await old?.release();
  }

  /** The model in use, or null (readings are then stored unscored). */
  current(): LoadedModel | null {
    return this.model;
  }

  /** Reloads here and tells the other instances. */
  async activated(): Promise<void> {
    await this.reloads.runNow();
    await this.channel.publish('1').catch((e: Error) => this.logger.warn(e.message));
  }

  /** Loads the registry's active model into a new session and swaps it in. */
  private async loadActive(): Promise<void> {
    const active = await this.registry.active();
    if (active === null) {
      this.logger.warn('no active anomaly model: readings are stored without a score');
      return;
    }
    if (this.model?.version === active.model.version) return;
    try {
      await this.swap(await loadModel(active.model.card, active.onnx));
    } catch (e) {
      this.logger.error(`cannot load anomaly model ${active.model.version}: ${(e as Error).message}`);
    }
  }

  private async swap(next: LoadedModel): Promise<void> {
    const old = this.model;
    this.model = next;
    this.logger.log(
      `anomaly model ${next.version} (${next.algorithm}, threshold ${next.threshold.toFixed(4)}) in use`,
    );
    void old?.release(RELEASE_DELAY_MS).catch((e: Error) => this.logger.warn(e.message));
  }
}
