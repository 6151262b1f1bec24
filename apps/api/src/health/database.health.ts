import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Pool } from 'pg';
import { AppConfig, InjectAppConfig } from '@app/core';

const TIMEOUT_MS = 1000;

/**
 * Readiness asks PostgreSQL itself, over a connection of its own. Through the shared pool the
 * ping would wait behind the queries queued there: under a burst (a reconnect storm, a rollout
 * wave) every instance would look unready at once, the load balancer would take them all out of
 * rotation, and the kiosks would find no instance at all — load turned into an outage.
 */
@Injectable()
export class DatabaseHealthIndicator implements OnModuleDestroy {
  private readonly pool: Pool;

  constructor(
    @InjectAppConfig() config: AppConfig,
    private readonly health: HealthIndicatorService,
  ) {
    this.pool = new Pool({
      connectionString: config.database.url,
      max: 1,
      connectionTimeoutMillis: TIMEOUT_MS,
      // The one connection stays open between checks; PostgreSQL restarting drops it, and the pool
      // opens a new one at the next check.
      idleTimeoutMillis: 0,
      statement_timeout: TIMEOUT_MS,
      application_name: 'kiosk-fleet health',
    });
    // A connection dropped between checks is the next check's business, not a process crash.
    this.pool.on('error', () => undefined);
  }

  async isHealthy(key: 'database') {
    const check = this.health.check(key);
    try {
      await Promise.race([
        this.pool.query('SELECT 1'),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`timeout after ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref(),
        ),
      ]);
      return check.up();
    } catch (e) {
      return check.down({ message: e instanceof Error ? e.message : String(e) });
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
