import Joi from 'joi';
import { parseTrustProxy } from './trust-proxy';

/** Every variable the system reads, with its default. `.env.example` mirrors this file. */
export const DOMAIN_MODULE_NAMES = [
  'kiosk',
  'telemetry',
  'command',
  'payment',
  'alert',
  'ai',
  'notification',
  'rollout',
] as const;
export type DomainModuleName = (typeof DOMAIN_MODULE_NAMES)[number];

export const DEV_JWT_SECRET = 'dev-only-insecure-jwt-secret-change-me';

const REPLACED_LOCKOUT_SETTING =
  '{{#label}} is no longer read: the account lockout was replaced by progressive delays; remove it and see ' +
  'LOGIN_FREE_FAILURES, LOGIN_DELAY_MAX_SEC and LOGIN_USER_FAILURE_CEILING (README, "Login protection")';

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
  // CSV exports and telemetry queries over more than 24 h ("long reads"): see README, Database.
  LONG_READ_STATEMENT_TIMEOUT_MS: Joi.number().integer().min(10).max(600_000).default(30_000),
  LONG_READS_PER_USER: Joi.number().integer().min(1).max(100).default(2),
  LONG_READS_PER_INSTANCE: Joi.number().integer().min(1).max(1000).default(4),
  LONG_READ_POOL_SIZE: Joi.number().integer().min(1).max(50).default(3),
  EMBEDDED_PG_DIR: Joi.string().default('./data/postgres'),
  EMBEDDED_PG_PORT: Joi.number().port().default(54329),

  REDIS_URL: Joi.string()
    .uri({ scheme: ['redis', 'rediss'] })
    .default('redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: Joi.string().allow('').default('kiosk:'),
  REDIS_AUTOSTART: Joi.boolean().optional(),
  // How API instances (and the worker's feed emitter) fan Socket.IO out through Redis: `classic`
  // pub/sub, or `sharded` pub/sub (Redis >= 7; README "Operating it"). API and worker must agree.
  SOCKET_IO_ADAPTER: Joi.string().valid('classic', 'sharded').default('classic'),

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

  // Login protection (README, "Login protection"): per-(username, address) progressive delays and a
  // per-username ceiling. The hard lockout's settings are refused so nobody keeps relying on them.
  LOGIN_MAX_FAILURES: Joi.any().forbidden().messages({ 'any.unknown': REPLACED_LOCKOUT_SETTING }),
  LOGIN_LOCK_SEC: Joi.any().forbidden().messages({ 'any.unknown': REPLACED_LOCKOUT_SETTING }),
  LOGIN_FREE_FAILURES: Joi.number().integer().min(1).max(1000).default(5),
  LOGIN_DELAY_BASE_MS: Joi.number().integer().min(10).max(60_000).default(1000),
  LOGIN_DELAY_MAX_SEC: Joi.number().integer().min(1).max(86_400).default(900),
  LOGIN_FAILURE_WINDOW_SEC: Joi.number().integer().min(1).max(86_400).default(3600),
  LOGIN_USER_FAILURE_CEILING: Joi.number().integer().min(1).max(1_000_000).default(50),
  LOGIN_USER_THROTTLE_SEC: Joi.number().integer().min(1).max(3600).default(60),
  LOGIN_RATE_LIMIT_PER_MIN: Joi.number().integer().min(1).default(20),

  // REST rate limits per principal (README, "REST rate limits"): calls per minute by role, refilled
  // continuously, 0 = that role is unlimited; at most RATE_LIMIT_WINDOW_SEC seconds' worth at once.
  RATE_LIMIT_ADMIN_PER_MIN: Joi.number().integer().min(0).max(1_000_000).default(600),
  RATE_LIMIT_OPERATOR_PER_MIN: Joi.number().integer().min(0).max(1_000_000).default(300),
  RATE_LIMIT_VIEWER_PER_MIN: Joi.number().integer().min(0).max(1_000_000).default(300),
  RATE_LIMIT_WINDOW_SEC: Joi.number().integer().min(1).max(3600).default(60),
  // Unset: REDIS_URL. A check slower than the timeout lets the call through unchecked (fail open).
  RATE_LIMIT_REDIS_URL: Joi.string()
    .uri({ scheme: ['redis', 'rediss'] })
    .optional(),
  RATE_LIMIT_REDIS_TIMEOUT_MS: Joi.number().integer().min(5).max(10_000).default(200),

  CORS_ORIGINS: Joi.string().allow('').default(''),
  // The web dashboard's map tiles (Leaflet URL template); empty: no tiles, kiosks drawn on a plain background.
  DASHBOARD_TILE_URL: Joi.string().allow('').default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  DASHBOARD_TILE_ATTRIBUTION: Joi.string().allow('').default('&copy; OpenStreetMap contributors'),
  // Where the built dashboard is (npm run build writes it there); relative to the working directory.
  DASHBOARD_DIST_DIR: Joi.string().default('./dist/dashboard'),
  BODY_LIMIT: Joi.string().default('1mb'),
  TRUST_PROXY: Joi.alternatives()
    .try(Joi.boolean(), Joi.string())
    .default(false)
    .custom((value: boolean | string, helpers) => {
      if (typeof value === 'boolean') return value;
      try {
        return parseTrustProxy(value);
      } catch (err) {
        return helpers.message({
          custom: `"TRUST_PROXY" must be true, false, a hop count or a comma-separated list of proxy IPs/CIDR ranges: ${(err as Error).message}`,
        });
      }
    }),
  SHUTDOWN_GRACE_MS: Joi.number().integer().min(0).default(10000),

  ENABLED_MODULES: Joi.string().default('all'),

  TELEMETRY_INTERVAL_SEC: Joi.number().integer().min(1).max(3600).default(5),
  KIOSK_MAX_MESSAGE_BYTES: Joi.number().integer().min(1024).max(1048576).default(16384),
  KIOSK_RATE_LIMIT_PER_SEC: Joi.number().min(0.1).default(20),
  KIOSK_RATE_LIMIT_BURST: Joi.number().integer().min(1).default(40),
  // Unknown fields a reading may carry (kept in `extra`): keys and array items at all levels,
  // nesting, and UTF-8 bytes of its keys and values (never more than the message limit anyway).
  KIOSK_EXTRA_MAX_KEYS: Joi.number().integer().min(1).max(10000).default(100),
  KIOSK_EXTRA_MAX_DEPTH: Joi.number().integer().min(0).max(32).default(4),
  KIOSK_EXTRA_MAX_BYTES: Joi.number().integer().min(0).max(1048576).default(16384),
  // A new authenticated socket of a kiosk closes its older ones, on every instance.
  KIOSK_ONE_SOCKET_PER_KIOSK: Joi.boolean().default(true),
  // Handshakes, counted in Redis before any database work (0 = off): per kiosk serial (a steady
  // rate and a burst), and failed authentications per client address (per minute, all at once).
  KIOSK_CONNECT_RATE_PER_MIN: Joi.number().integer().min(0).max(600).default(6),
  KIOSK_CONNECT_BURST: Joi.number().integer().min(1).max(100).default(3),
  KIOSK_CONNECT_FAILURES_PER_MIN_PER_IP: Joi.number().integer().min(0).max(10000).default(20),
  ADMIN_FEED_MAX_BUFFERED_BYTES: Joi.number().integer().min(16384).max(1073741824).default(1048576),
  ADMIN_FEED_MAX_SOCKETS_PER_USER: Joi.number().integer().min(1).max(1000).default(5),
  TELEMETRY_RETENTION_DAYS: Joi.number().integer().min(1).max(3650).default(90),
  TELEMETRY_PARTITIONS_AHEAD_DAYS: Joi.number().integer().min(1).max(366).default(7),
  TELEMETRY_BATCH_MAX_ROWS: Joi.number().integer().min(1).max(10000).default(500),
  TELEMETRY_FLUSH_MS: Joi.number().integer().min(1).max(50).default(25),
  TELEMETRY_BUFFER_MAX: Joi.number().integer().min(1).default(20000),
  TELEMETRY_OVERLOAD_WAIT_MS: Joi.number().integer().min(0).default(2000),

  ALERT_AUTO_RESOLVE_READINGS: Joi.number().integer().min(1).max(1000).default(3),
  ALERT_FLAP_THRESHOLD: Joi.number().integer().min(1).max(100).default(3),
  ALERT_FLAP_WINDOW_SEC: Joi.number().integer().min(1).default(900),
  ALERT_ESCALATION_STEPS_SEC: Joi.string()
    .allow('')
    .pattern(/^\s*(\d+\s*(,\s*\d+\s*)*)?$/)
    .default('900,3600'),
  ALERT_SITE_INCIDENT_MIN_KIOSKS: Joi.number().integer().min(2).default(3),
  ALERT_SITE_INCIDENT_WINDOW_SEC: Joi.number().integer().min(1).default(300),
  LOCATION_DRIFT_METERS: Joi.number().integer().min(10).max(20_000_000).default(500),
  LOCATION_DRIFT_FOR_SEC: Joi.number().integer().min(1).max(86_400).default(600),

  SMTP_HOST: Joi.string().optional(),
  SMTP_PORT: Joi.number().port().default(587),
  SMTP_FROM: Joi.string().default('kiosk-fleet@localhost'),
  WEBHOOK_RETRY_BASE_MS: Joi.number().integer().min(1).default(10000),
  WEBHOOK_ALLOW_PRIVATE: Joi.boolean().default(false),
  PAYMENT_MAX_AMOUNT_MINOR: Joi.number().integer().min(1).max(Number.MAX_SAFE_INTEGER).default(100_000_000),
  PAYMENT_IDEMPOTENCY_TTL_SEC: Joi.number()
    .integer()
    .min(60)
    .default(24 * 3600),
  COMMAND_SESSION_HOLD_MAX_SEC: Joi.number().integer().min(1).max(86400).default(300),
  ROLLOUT_TICK_MS: Joi.number().integer().min(50).max(60_000).default(2000),
  ROLLOUT_COMMANDS_PER_SEC: Joi.number().integer().min(1).max(100_000).default(1000),
  SMTP_USER: Joi.string().optional(),
  SMTP_PASSWORD: Joi.string().optional(),
  SMTP_SECURE: Joi.boolean().default(false),
  PUBLIC_BASE_URL: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .default('http://localhost:3000'),
  WEBHOOK_TIMEOUT_MS: Joi.number().integer().min(100).max(60000).default(10000),
  WEBHOOK_RETRY_HORIZON_MS: Joi.number()
    .integer()
    .min(1)
    .default(24 * 3600_000),
  OUTBOX_POLL_MS: Joi.number().integer().min(50).default(1000),
  NOTIFICATION_BUDGET_PER_WINDOW: Joi.number().integer().min(1).default(10),
  NOTIFICATION_BUDGET_WINDOW_SEC: Joi.number().integer().min(1).default(3600),
  NOTIFICATION_REMINDER_SEC: Joi.number().integer().min(1).default(1800),
  NOTIFICATIONS_LOCK_MS: Joi.number().integer().min(500).default(30000),
  NOTIFICATIONS_STALLED_INTERVAL_MS: Joi.number().integer().min(500).default(15000),
  AI_RETRAIN_SYNTHETIC_KIOSKS: Joi.number().integer().min(0).max(100000).default(300),
  AI_RETRAIN_SYNTHETIC_DAYS: Joi.number().min(0.5).max(60).default(2.5),
  AI_FROZEN_EVAL_KIOSKS: Joi.number().integer().min(3).max(10000).default(40),
  AI_PROMOTION_F1_MARGIN: Joi.number().min(0).max(1).default(0.01),
  AI_PROMOTION_FPR_MARGIN: Joi.number().min(0).max(1).default(0.002),
  AI_DRIFT_PSI_THRESHOLD: Joi.number().min(0.01).default(0.2),
  AI_DRIFT_MIN_READINGS: Joi.number().integer().min(1).default(5000),
  AI_RETRAIN_MIN_NEW_LABELS: Joi.number().integer().min(1).default(50),
  AI_TRIGGER_CHECK_SEC: Joi.number().integer().min(1).default(600),
  AI_RETRAIN_CRON: Joi.string().allow('').default('0 3 * * *'),
  // POST /ai/datasets caps (README "Datasets"): per upload, parsed off the event loop.
  AI_DATASET_MAX_FILE_BYTES: Joi.number()
    .integer()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(50 * 1024 * 1024),
  AI_DATASET_MAX_ROWS: Joi.number().integer().min(1).max(10_000_000).default(200_000),
  AI_DATASET_MAX_RECORD_BYTES: Joi.number()
    .integer()
    .min(256)
    .max(1024 * 1024)
    .default(4096),
  AI_DATASET_MAX_COLUMNS: Joi.number().integer().min(16).max(4096).default(64),
  AI_DATASET_MAX_UNKNOWN_COLUMNS: Joi.number().integer().min(0).max(4096).default(16),
  AI_DATASET_MAX_FIELDS: Joi.number().integer().min(0).max(100).default(10),
  AI_DATASET_MAX_CONCURRENT_PER_USER: Joi.number().integer().min(1).max(100).default(2),
  AI_DATASET_MAX_CONCURRENT: Joi.number().integer().min(1).max(64).default(4),
  AI_DATASET_TIMEOUT_MS: Joi.number().integer().min(500).max(3_600_000).default(60_000),
  AI_RETRAIN_RATE_LIMIT: Joi.number().integer().min(1).max(10000).default(5),
  AI_RETRAIN_RATE_WINDOW_SEC: Joi.number()
    .integer()
    .min(1)
    .max(7 * 86400)
    .default(3600),
});
