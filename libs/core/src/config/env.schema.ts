import Joi from 'joi';

/** Every variable the system reads, with its default. `.env.example` mirrors this file. */
export const DOMAIN_MODULE_NAMES = [
  'kiosk',
  'telemetry',
  'command',
  'payment',
  'alert',
  'ai',
  'notification',
] as const;
export type DomainModuleName = (typeof DOMAIN_MODULE_NAMES)[number];

export const DEV_JWT_SECRET = 'dev-only-insecure-jwt-secret-change-me';

export const envSchema = Joi.object({
  NODE_ENV: Joi.string().valid('development', 'production', 'test').default('development'),
  PORT: Joi.number().port().default(3000),
  HOST: Joi.string().default('0.0.0.0'),
  LOG_LEVEL: Joi.string().valid('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent').default('info'),
  LOG_FORMAT: Joi.string().valid('json', 'pretty').optional(),

  DATABASE_URL: Joi.string()
    .uri({ scheme: ['postgres', 'postgresql'] })
    .optional(),
  DB_MIGRATE_ON_START: Joi.boolean().optional(),
  DB_POOL_SIZE: Joi.number().integer().min(1).max(200).default(20),
  EMBEDDED_PG_DIR: Joi.string().default('./data/postgres'),
  EMBEDDED_PG_PORT: Joi.number().port().default(54329),

  REDIS_URL: Joi.string()
    .uri({ scheme: ['redis', 'rediss'] })
    .default('redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: Joi.string().allow('').default('kiosk:'),
  REDIS_AUTOSTART: Joi.boolean().optional(),

  JWT_SECRET: Joi.string().min(32).default(DEV_JWT_SECRET),
  JWT_ISSUER: Joi.string().default('kiosk-fleet'),
  JWT_AUDIENCE: Joi.string().default('kiosk-fleet-api'),
  JWT_ACCESS_TTL_SEC: Joi.number().integer().min(30).max(3600).default(900),
  REFRESH_TOKEN_TTL_SEC: Joi.number()
    .integer()
    .min(60)
    .default(30 * 24 * 3600),

  ADMIN_USERNAME: Joi.string().min(3).max(64).optional(),
  ADMIN_PASSWORD: Joi.string().min(12).max(256).optional(),

  LOGIN_MAX_FAILURES: Joi.number().integer().min(1).default(5),
  LOGIN_LOCK_SEC: Joi.number().integer().min(1).default(900),
  LOGIN_RATE_LIMIT_PER_MIN: Joi.number().integer().min(1).default(20),

  CORS_ORIGINS: Joi.string().allow('').default(''),
  BODY_LIMIT: Joi.string().default('1mb'),
  TRUST_PROXY: Joi.boolean().default(false),
  SHUTDOWN_GRACE_MS: Joi.number().integer().min(0).default(10000),

  ENABLED_MODULES: Joi.string().default('all'),

  TELEMETRY_INTERVAL_SEC: Joi.number().integer().min(1).max(3600).default(5),
  KIOSK_MAX_MESSAGE_BYTES: Joi.number().integer().min(1024).max(1048576).default(16384),
  KIOSK_RATE_LIMIT_PER_SEC: Joi.number().min(0.1).default(20),
  KIOSK_RATE_LIMIT_BURST: Joi.number().integer().min(1).default(40),
  TELEMETRY_RETENTION_DAYS: Joi.number().integer().min(1).max(3650).default(90),
  TELEMETRY_PARTITIONS_AHEAD_DAYS: Joi.number().integer().min(1).max(366).default(7),
  TELEMETRY_BATCH_MAX_ROWS: Joi.number().integer().min(1).max(10000).default(500),
  TELEMETRY_FLUSH_MS: Joi.number().integer().min(1).max(50).default(50),
  TELEMETRY_BUFFER_MAX: Joi.number().integer().min(1).default(20000),
  TELEMETRY_OVERLOAD_WAIT_MS: Joi.number().integer().min(0).default(2000),

  SMTP_HOST: Joi.string().optional(),
  SMTP_PORT: Joi.number().port().default(587),
  SMTP_FROM: Joi.string().default('kiosk-fleet@localhost'),
  WEBHOOK_RETRY_BASE_MS: Joi.number().integer().min(1).default(10000),
  WEBHOOK_ALLOW_PRIVATE: Joi.boolean().default(false),
});
