import { DynamicModule, Inject } from '@nestjs/common';
import { ConfigModule, registerAs } from '@nestjs/config';
import { DEV_JWT_SECRET, DOMAIN_MODULE_NAMES, DomainModuleName, envSchema } from './env.schema';

export type NodeEnv = 'development' | 'production' | 'test';

export interface AppConfig {
  nodeEnv: NodeEnv;
  isProduction: boolean;
  port: number;
  host: string;
  log: { level: string; format: 'json' | 'pretty' };
  database: {
    /** Unset means: run an embedded PostgreSQL under `embeddedDir`. */
    url: string | undefined;
    migrateOnStart: boolean;
    poolSize: number;
    embeddedDir: string;
    embeddedPort: number;
  };
  redis: { url: string; keyPrefix: string; autostart: boolean };
  jwt: { secret: string; issuer: string; audience: string; accessTtlSec: number; refreshTtlSec: number };
  bootstrapAdmin: { username: string | undefined; password: string | undefined };
  login: { maxFailures: number; lockSec: number; rateLimitPerMin: number };
  http: { corsOrigins: string[]; bodyLimit: string; trustProxy: boolean; shutdownGraceMs: number };
  enabledModules: ReadonlySet<DomainModuleName>;
  telemetryIntervalSec: number;
  /** Limits of the kiosk socket wire. */
  kioskWire: { maxMessageBytes: number; rateLimitPerSec: number; rateLimitBurst: number };
  telemetry: {
    retentionDays: number;
    partitionsAheadDays: number;
    batchMaxRows: number;
    flushMs: number;
    /** Readings buffered or in flight; beyond it writes wait for room (backpressure). */
    bufferMax: number;
    /** A write that waited this long for buffer room fails with `overloaded`. */
    overloadWaitMs: number;
  };
  smtp: { host: string | undefined; port: number; from: string };
  webhooks: { retryBaseMs: number; allowPrivate: boolean };
}

export class ConfigValidationError extends Error {}

function parseEnabledModules(raw: string): Set<DomainModuleName> {
  const value = raw.trim().toLowerCase();
  if (value === 'all' || value === '') return new Set(DOMAIN_MODULE_NAMES);
  if (value === 'none') return new Set();
  const names = value.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !(DOMAIN_MODULE_NAMES as readonly string[]).includes(n));
  if (unknown.length) {
    throw new ConfigValidationError(
      `ENABLED_MODULES names unknown module(s): ${unknown.join(', ')}. Known: ${DOMAIN_MODULE_NAMES.join(', ')}, or "all"/"none".`,
    );
  }
  return new Set(names as DomainModuleName[]);
}

/**
 * Validates the environment once at start-up. Throws a ConfigValidationError whose message lists
 * every problem, so an operator fixes them all in one go.
 */
export function loadAppConfig(raw: Record<string, string | undefined>): AppConfig {
  const { value: env, error } = envSchema.validate(raw, {
    abortEarly: false,
    allowUnknown: true,
    stripUnknown: true,
    convert: true,
  });
  if (error) {
    const lines = error.details.map((d) => `  - ${d.message}`).join('\n');
    throw new ConfigValidationError(`Invalid configuration:\n${lines}`);
  }
  const nodeEnv = env.NODE_ENV as NodeEnv;
  const isProduction = nodeEnv === 'production';
  if (isProduction) {
    const problems: string[] = [];
    if (!raw.JWT_SECRET || env.JWT_SECRET === DEV_JWT_SECRET) {
      problems.push('JWT_SECRET must be set to a random value of at least 32 characters');
    }
    if (!raw.DATABASE_URL) problems.push('DATABASE_URL must point at a managed PostgreSQL server');
    if (problems.length) {
      throw new ConfigValidationError(
        `Refusing to start in production with default secrets:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      );
    }
  }
  return {
    nodeEnv,
    isProduction,
    port: env.PORT,
    host: env.HOST,
    log: { level: env.LOG_LEVEL, format: env.LOG_FORMAT ?? (isProduction ? 'json' : 'pretty') },
    database: {
      url: env.DATABASE_URL,
      migrateOnStart: env.DB_MIGRATE_ON_START ?? !isProduction,
      poolSize: env.DB_POOL_SIZE,
      embeddedDir: env.EMBEDDED_PG_DIR,
      embeddedPort: env.EMBEDDED_PG_PORT,
    },
    redis: {
      url: env.REDIS_URL,
      keyPrefix: env.REDIS_KEY_PREFIX,
      autostart: env.REDIS_AUTOSTART ?? nodeEnv === 'development',
    },
    jwt: {
      secret: env.JWT_SECRET,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      accessTtlSec: env.JWT_ACCESS_TTL_SEC,
      refreshTtlSec: env.REFRESH_TOKEN_TTL_SEC,
    },
    bootstrapAdmin: { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD },
    login: {
      maxFailures: env.LOGIN_MAX_FAILURES,
      lockSec: env.LOGIN_LOCK_SEC,
      rateLimitPerMin: env.LOGIN_RATE_LIMIT_PER_MIN,
    },
    http: {
      corsOrigins: String(env.CORS_ORIGINS)
        .split(',')
        .map((s: string) => s.trim())
        .filter(Boolean),
      bodyLimit: env.BODY_LIMIT,
      trustProxy: env.TRUST_PROXY,
      shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    },
    enabledModules: parseEnabledModules(env.ENABLED_MODULES),
    telemetryIntervalSec: env.TELEMETRY_INTERVAL_SEC,
    kioskWire: {
      maxMessageBytes: env.KIOSK_MAX_MESSAGE_BYTES,
      rateLimitPerSec: env.KIOSK_RATE_LIMIT_PER_SEC,
      rateLimitBurst: env.KIOSK_RATE_LIMIT_BURST,
    },
    telemetry: {
      retentionDays: env.TELEMETRY_RETENTION_DAYS,
      partitionsAheadDays: env.TELEMETRY_PARTITIONS_AHEAD_DAYS,
      batchMaxRows: env.TELEMETRY_BATCH_MAX_ROWS,
      flushMs: env.TELEMETRY_FLUSH_MS,
      bufferMax: env.TELEMETRY_BUFFER_MAX,
      overloadWaitMs: env.TELEMETRY_OVERLOAD_WAIT_MS,
    },
    smtp: { host: env.SMTP_HOST, port: env.SMTP_PORT, from: env.SMTP_FROM },
    webhooks: { retryBaseMs: env.WEBHOOK_RETRY_BASE_MS, allowPrivate: env.WEBHOOK_ALLOW_PRIVATE },
  };
}

export const APP_CONFIG = 'app';

/**
 * Builds the @nestjs/config module from an already validated config. The config is loaded before
 * the module graph is built because it decides the graph (ENABLED_MODULES, queue prefixes).
 */
export function appConfigModule(config: AppConfig): Promise<DynamicModule> {
  const factory = registerAs(APP_CONFIG, (): AppConfig => config);
  return ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [factory], cache: true });
}

export const APP_CONFIG_TOKEN = `CONFIGURATION(${APP_CONFIG})`;
export const InjectAppConfig = () => Inject(APP_CONFIG_TOKEN);
