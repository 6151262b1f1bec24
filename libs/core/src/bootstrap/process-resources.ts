import { existsSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { AppConfig, ConfigValidationError, loadAppConfig } from '../config/app.config';
import { ensureRedis } from '../redis/ensure-redis';

export interface ProcessResources {
  config: AppConfig;
  /** Stops whatever this process started for itself (embedded Postgres, a scratch redis-server). */
  release(): Promise<void>;
}

export type EmbeddedDatabaseStarter = (
  config: AppConfig,
  log: (line: string) => void,
) => Promise<{ url: string; stop(): Promise<void> }>;

/**
 * Loads and validates configuration, then makes sure the database and Redis are reachable, starting
 * development stand-ins when allowed. Exits with a clear message instead of a stack trace.
 */
export async function prepareProcess(startEmbeddedDb: EmbeddedDatabaseStarter): Promise<ProcessResources> {
  const logger = new Logger('Bootstrap');
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: AppConfig;
  try {
    config = loadAppConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigValidationError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const stops: Array<() => Promise<void>> = [];
  try {
    if (!config.database.url) {
      logger.log(
        `DATABASE_URL is not set: starting embedded PostgreSQL under ${config.database.embeddedDir}`,
      );
      const pgLogger = new Logger('EmbeddedPostgres');
      const db = await startEmbeddedDb(config, (line) => pgLogger.debug(line));
      stops.push(() => db.stop());
      config = { ...config, database: { ...config.database, url: db.url } };
    }
    const redis = await ensureRedis(config.redis.url, config.redis.autostart, (m) => logger.warn(m));
    if (redis.started) stops.push(() => redis.stop());
  } catch (e) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    process.stderr.write(`\nCannot start: ${e instanceof Error ? e.message : String(e)}\n\n`);
    process.exit(1);
  }
  return {
    config,
    release: async () => {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}

/** SIGTERM/SIGINT: stop taking work, finish what is in flight, close queues and the database, exit. */
export function handleShutdownSignals(close: () => Promise<void>, graceMs: number): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    new Logger('Shutdown').log(`${signal} received: draining`);
    const timer = setTimeout(() => {
      new Logger('Shutdown').error(`still busy after ${graceMs} ms: exiting anyway`);
      process.exit(1);
    }, graceMs);
    timer.unref();
    close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
