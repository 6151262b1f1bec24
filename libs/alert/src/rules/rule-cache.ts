import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { InjectRedis, PeriodicTask, RedisChannel } from '@app/core';
import { queryRecords } from '@app/database';
import {
  AlertRule,
  AlertRuleRow,
  isLivenessRule,
  isRateRule,
  isTelemetryRule,
  LivenessRule,
  RateRule,
  toRule,
} from './alert-rule';

/** Announced on Redis when a rule changes, so every instance evaluates the new set at once. */
export const RULES_CHANGED_CHANNEL = 'alerts:rules-changed';
/** A missed announcement (Redis blip) is caught up with after this long. */
const REFRESH_MS = 30_000;
const RELOAD_FAILED = 'alert rules reload failed';

/** The enabled rules, in memory on every instance, split by what triggers their evaluation. */
@Injectable()
export class RuleCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RuleCache.name);
  private readonly channel: RedisChannel;
  private readonly refresh: PeriodicTask;
  private loading: Promise<void> | undefined;
  private byId = new Map<string, AlertRule>();
  private listeners: (() => void)[] = [];
  telemetry: AlertRule[] = [];
  liveness: LivenessRule[] = [];
  rate: RateRule[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRedis() redis: Redis,
  ) {
    this.channel = new RedisChannel(redis, RULES_CHANGED_CHANNEL);
    this.refresh = new PeriodicTask({
      intervalMs: REFRESH_MS,
      run: () => this.reload(),
      logger: this.logger,
      failure: RELOAD_FAILED,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    await this.channel.subscribe(() => void this.reload().catch((e) => this.warn(e)));
    this.refresh.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.refresh.stop();
    await this.channel.close();
  }

  get(id: string): AlertRule | undefined {
    return this.byId.get(id);
  }

  /** Called after every reload (the evaluator forgets state of rules that are gone). */
  onReload(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Reloads here and tells the other instances. */
  async changed(): Promise<void> {
    await this.reload();
    await this.channel.publish('1').catch((e: unknown) => this.warn(e));
  }

  reload(): Promise<void> {
    // Coalesces concurrent reloads; one started after a change always reads that change.
    const run = async () => {
      const rows = await queryRecords<AlertRuleRow>(
        this.dataSource,
        `SELECT * FROM alert_rules WHERE enabled ORDER BY created_at, id`,
      );
      const rules = rows.map(toRule);
      this.byId = new Map(rules.map((r) => [r.id, r]));
      this.telemetry = rules.filter(isTelemetryRule);
      this.liveness = rules.filter(isLivenessRule);
      this.rate = rules.filter(isRateRule);
      for (const l of this.listeners) l();
    };
    const next = (this.loading ?? Promise.resolve()).catch(() => undefined).then(run);
    this.loading = next;
    return next;
  }

  private warn(e: unknown): void {
    this.logger.warn(`${RELOAD_FAILED}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
