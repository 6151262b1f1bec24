import { DynamicModule, Inject } from '@nestjs/common';
import { ConfigModule, registerAs } from '@nestjs/config';
import { DEV_JWT_SECRET, DOMAIN_MODULE_NAMES, DomainModuleName, envSchema } from './env.schema';
import type { TrustProxySetting } from './trust-proxy';

export type NodeEnv = 'development' | 'production' | 'test';
export type SocketIoAdapterKind = 'classic' | 'sharded';

export interface AppConfig {
  nodeEnv: NodeEnv;
  isProduction: boolean;
  port: number;
  host: string;
  log: { level: string; format: LogFormat };
  database: {
    /** Unset means: run an embedded PostgreSQL under `embeddedDir`. */
    url: string | undefined;
    migrateOnStart: boolean;
    poolSize: number;
    /**
     * CSV exports and telemetry queries over more than 24 h: each statement's timeout, how many may
     * run at once per user and per process (per kind of read), and the size of their own pool.
     */
    longReads: { statementTimeoutMs: number; maxPerUser: number; maxPerInstance: number; poolSize: number };
    embeddedDir: string;
    embeddedPort: number;
  };
  /** `socketIoAdapter`: the Socket.IO Redis adapter of the API and the worker's emitter (one value for both). */
  redis: { url: string; keyPrefix: string; autostart: boolean; socketIoAdapter: SocketIoAdapterKind };
  jwt: { secret: string; issuer: string; audience: string; accessTtlSec: number; refreshTtlSec: number };
  bootstrapAdmin: { username: string | undefined; password: string | undefined };
  login: {
    /** Failed attempts per (username, client address) answered at once, before delays start. */
    freeFailures: number;
    /** The first delay; each further failure doubles it, up to `delayMaxSec`. */
    delayBaseMs: number;
    delayMaxSec: number;
    /** How long failures are remembered, and the window of the per-username ceiling. */
    failureWindowSec: number;
    /** Failures per username per window (all addresses) before it is throttled to one try per `userThrottleSec`. */
    userFailureCeiling: number;
    userThrottleSec: number;
    rateLimitPerMin: number;
  };
  /** Authenticated REST calls per principal (user or API key), counted in Redis across instances. */
  restRateLimit: {
    /** Calls per minute by role, refilled continuously; 0: the role is not limited. */
    perMin: { admin: number; operator: number; viewer: number };
    /** A full budget holds this many seconds' worth of calls (the burst); the RateLimit-* window. */
    windowSec: number;
    redisUrl: string;
    /** A check that takes longer lets the call through unchecked (fail open). */
    timeoutMs: number;
  };
  http: { corsOrigins: string[]; bodyLimit: string; trustProxy: TrustProxySetting; shutdownGraceMs: number };
  /** The web dashboard served at `/`: where its build is, and what its map draws under the kiosks. */
  dashboard: { distDir: string; tileUrl: string; tileAttribution: string };
  enabledModules: ReadonlySet<DomainModuleName>;
  telemetryIntervalSec: number;
  alerts: {
    /** An open alert resolves by itself after this many consecutive readings without its condition. */
    autoResolveReadings: number;
    /** An alert auto-resolved and re-opened this many times within `flapWindowSec` stays open. */
    flapThreshold: number;
    flapWindowSec: number;
    /** Seconds unacknowledged after which an open alert goes one severity up, one entry per step. */
    escalationStepsSec: number[];
    /** This many kiosks sharing a tag going offline within the window make one site incident. */
    siteIncidentMinKiosks: number;
    siteIncidentWindowSec: number;
    /** `location_drift`: an accurate GPS fix this far (m) from the registered location, for this long. */
    locationDriftMeters: number;
    locationDriftForSec: number;
  };
  /** Limits of the kiosk socket wire. */
  kioskWire: {
    maxMessageBytes: number;
    rateLimitPerSec: number;
    rateLimitBurst: number;
    /** Bounds of a reading's unknown fields, kept in `extra`. */
    extra: { maxKeys: number; maxDepth: number; maxBytes: number };
    /** A new authenticated socket of a kiosk replaces (disconnects) its older ones. */
    oneSocketPerKiosk: boolean;
    /** Handshake limits, checked in Redis before the auth query (0 = that limit is off). */
    connectLimit: { perKioskPerMin: number; perKioskBurst: number; failuresPerMinPerIp: number };
  };
  adminFeed: {
    /** A feed socket with more than this queued but unsent (engine buffer + ws) is disconnected. */
    maxBufferedBytes: number;
    /** Open `/admin` sockets one user may hold across all instances. */
    maxSocketsPerUser: number;
  };
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
  smtp: {
    host: string | undefined;
    port: number;
    from: string;
    user: string | undefined;
    password: string | undefined;
    secure: boolean;
  };
  webhooks: { retryBaseMs: number; allowPrivate: boolean; timeoutMs: number; retryHorizonMs: number };
  payments: {
    /** Largest amount of one payment, in minor units of its currency (absurd amounts are refused). */
    maxAmountMinor: number;
    /** How long an Idempotency-Key of the payment routes replays its stored response. */
    idempotencyTtlSec: number;
  };
  /** restart/update/block wait at most this long while the kiosk reports an open payment session. */
  commandSessionHoldMaxSec: number;
  /** How often the leader advances running rollouts (waves, aborts); events nudge it in between. */
  rolloutTickMs: number;
  /**
   * At most this many kiosks of a rollout are sent its command per second (a rollout rate): each
   * one acks, reboots and reconnects, and operators may want a wave's reconnects spread out.
   */
  rolloutCommandsPerSec: number;
  notifications: {
    /** Where links in emails point (the alert's URL is built from it). */
    publicBaseUrl: string;
    outboxPollMs: number;
    /** Notifications per kiosk and channel in one budget window; the rest go into the window's digest. */
    budgetPerWindow: number;
    budgetWindowSec: number;
    /** A critical alert still unacknowledged is re-notified this often. */
    reminderSec: number;
    /** Bull lock of a notifications job, and how often workers look for jobs whose lock expired. */
    lockMs: number;
    stalledIntervalMs: number;
  };
  ai: {
    /** Size of the simulator fleet a retraining generates (0: train on real data only). */
    retrainSyntheticKiosks: number;
    retrainSyntheticDays: number;
    /** Kiosks of the frozen simulator fleet candidates and the active model are compared on. */
    frozenEvalKiosks: number;
    /** A candidate is promoted unless its F1 is lower, or its false-positive rate higher, by more than these. */
    promotionF1Margin: number;
    promotionFprMargin: number;
    /** Retrain when a drift feature's PSI against the training distribution exceeds this. */
    driftPsiThreshold: number;
    /** Live readings a drift check needs before it judges. */
    driftMinReadings: number;
    /** Retrain when this many alerts were judged (true/false positive) since the last retraining. */
    retrainMinNewLabels: number;
    triggerCheckSec: number;
    /** Nightly retraining schedule (cron, server time); empty: none. */
    retrainCron: string;
    /** `POST /ai/datasets`: caps on one upload, and how many are parsed at once. */
    datasets: {
      maxFileBytes: number;
      /** Data rows (the header not counted). */
      maxRows: number;
      /** Bytes of one CSV record. */
      maxRecordBytes: number;
      /** Cells of any record, the header included. */
      maxColumns: number;
      /** Header names that are not dataset columns (ignored up to this many). */
      maxUnknownColumns: number;
      /** Text fields allowed beside the `file` part. */
      maxFields: number;
      maxConcurrentPerUser: number;
      /** Uploads parsed at once on this instance (one worker thread each). */
      maxConcurrent: number;
      /** Wall time of one upload, receiving and parsing. */
      timeoutMs: number;
    };
    /** `POST /ai/models/retrain` requests one user may make per window (sliding, all instances). */
    retrainRateLimit: number;
    retrainRateWindowSec: number;
  };
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
export type LogFormat = 'json' | 'pretty';

function installed(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

/**
 * `pretty` goes through pino-pretty, a development dependency that production images prune: asked
 * for there, it would crash the first log line's worker thread, so it is refused at start-up
 * instead; as the development default it quietly becomes `json` when the package is missing.
 */
export function logFormat(
  asked: LogFormat | undefined,
  isProduction: boolean,
  prettyInstalled = installed('pino-pretty'),
): LogFormat {
  if (asked === 'pretty' && !prettyInstalled) {
    throw new ConfigValidationError(
      'Invalid configuration:\n  - LOG_FORMAT=pretty needs the pino-pretty package, which this installation ' +
        'does not have (production images leave development packages out): use LOG_FORMAT=json',
    );
  }
  return asked ?? (isProduction || !prettyInstalled ? 'json' : 'pretty');
}

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
    log: { level: env.LOG_LEVEL, format: logFormat(env.LOG_FORMAT, isProduction) },
    database: {
      url: env.DATABASE_URL,
      migrateOnStart: env.DB_MIGRATE_ON_START ?? !isProduction,
      poolSize: env.DB_POOL_SIZE,
      longReads: {
        statementTimeoutMs: env.LONG_READ_STATEMENT_TIMEOUT_MS,
        maxPerUser: env.LONG_READS_PER_USER,
        maxPerInstance: env.LONG_READS_PER_INSTANCE,
        poolSize: env.LONG_READ_POOL_SIZE,
      },
      embeddedDir: env.EMBEDDED_PG_DIR,
      embeddedPort: env.EMBEDDED_PG_PORT,
    },
    redis: {
      url: env.REDIS_URL,
      keyPrefix: env.REDIS_KEY_PREFIX,
      autostart: env.REDIS_AUTOSTART ?? nodeEnv === 'development',
      socketIoAdapter: env.SOCKET_IO_ADAPTER,
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
      freeFailures: env.LOGIN_FREE_FAILURES,
      delayBaseMs: env.LOGIN_DELAY_BASE_MS,
      delayMaxSec: env.LOGIN_DELAY_MAX_SEC,
      failureWindowSec: env.LOGIN_FAILURE_WINDOW_SEC,
      userFailureCeiling: env.LOGIN_USER_FAILURE_CEILING,
      userThrottleSec: env.LOGIN_USER_THROTTLE_SEC,
      rateLimitPerMin: env.LOGIN_RATE_LIMIT_PER_MIN,
    },
    restRateLimit: {
      perMin: {
        admin: env.RATE_LIMIT_ADMIN_PER_MIN,
        operator: env.RATE_LIMIT_OPERATOR_PER_MIN,
        viewer: env.RATE_LIMIT_VIEWER_PER_MIN,
      },
      windowSec: env.RATE_LIMIT_WINDOW_SEC,
      redisUrl: env.RATE_LIMIT_REDIS_URL ?? env.REDIS_URL,
      timeoutMs: env.RATE_LIMIT_REDIS_TIMEOUT_MS,
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
    dashboard: {
      distDir: env.DASHBOARD_DIST_DIR,
      tileUrl: env.DASHBOARD_TILE_URL,
      tileAttribution: env.DASHBOARD_TILE_ATTRIBUTION,
    },
    enabledModules: parseEnabledModules(env.ENABLED_MODULES),
    telemetryIntervalSec: env.TELEMETRY_INTERVAL_SEC,
    alerts: {
      autoResolveReadings: env.ALERT_AUTO_RESOLVE_READINGS,
      flapThreshold: env.ALERT_FLAP_THRESHOLD,
      flapWindowSec: env.ALERT_FLAP_WINDOW_SEC,
      escalationStepsSec: String(env.ALERT_ESCALATION_STEPS_SEC)
        .split(',')
        .map((s: string) => s.trim())
        .filter(Boolean)
        .map(Number),
      siteIncidentMinKiosks: env.ALERT_SITE_INCIDENT_MIN_KIOSKS,
      siteIncidentWindowSec: env.ALERT_SITE_INCIDENT_WINDOW_SEC,
      locationDriftMeters: env.LOCATION_DRIFT_METERS,
      locationDriftForSec: env.LOCATION_DRIFT_FOR_SEC,
    },
    kioskWire: {
      maxMessageBytes: env.KIOSK_MAX_MESSAGE_BYTES,
      rateLimitPerSec: env.KIOSK_RATE_LIMIT_PER_SEC,
      rateLimitBurst: env.KIOSK_RATE_LIMIT_BURST,
      extra: {
        maxKeys: env.KIOSK_EXTRA_MAX_KEYS,
        maxDepth: env.KIOSK_EXTRA_MAX_DEPTH,
        maxBytes: env.KIOSK_EXTRA_MAX_BYTES,
      },
      oneSocketPerKiosk: env.KIOSK_ONE_SOCKET_PER_KIOSK,
      connectLimit: {
        perKioskPerMin: env.KIOSK_CONNECT_RATE_PER_MIN,
        perKioskBurst: env.KIOSK_CONNECT_BURST,
        failuresPerMinPerIp: env.KIOSK_CONNECT_FAILURES_PER_MIN_PER_IP,
      },
    },
    adminFeed: {
      maxBufferedBytes: env.ADMIN_FEED_MAX_BUFFERED_BYTES,
      maxSocketsPerUser: env.ADMIN_FEED_MAX_SOCKETS_PER_USER,
    },
    telemetry: {
      retentionDays: env.TELEMETRY_RETENTION_DAYS,
      partitionsAheadDays: env.TELEMETRY_PARTITIONS_AHEAD_DAYS,
      batchMaxRows: env.TELEMETRY_BATCH_MAX_ROWS,
      flushMs: env.TELEMETRY_FLUSH_MS,
      bufferMax: env.TELEMETRY_BUFFER_MAX,
      overloadWaitMs: env.TELEMETRY_OVERLOAD_WAIT_MS,
    },
    smtp: {
      host: env.SMTP_HOST,
      port: env.SMTP_PORT,
      from: env.SMTP_FROM,
      user: env.SMTP_USER,
      password: env.SMTP_PASSWORD,
      secure: env.SMTP_SECURE,
    },
    payments: {
      maxAmountMinor: env.PAYMENT_MAX_AMOUNT_MINOR,
      idempotencyTtlSec: env.PAYMENT_IDEMPOTENCY_TTL_SEC,
    },
    commandSessionHoldMaxSec: env.COMMAND_SESSION_HOLD_MAX_SEC,
    rolloutTickMs: env.ROLLOUT_TICK_MS,
    rolloutCommandsPerSec: env.ROLLOUT_COMMANDS_PER_SEC,
    webhooks: {
      retryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
      allowPrivate: env.WEBHOOK_ALLOW_PRIVATE,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      retryHorizonMs: env.WEBHOOK_RETRY_HORIZON_MS,
    },
    notifications: {
      publicBaseUrl: String(env.PUBLIC_BASE_URL).replace(/(?<!\/)\/+$/, ''),
      outboxPollMs: env.OUTBOX_POLL_MS,
      budgetPerWindow: env.NOTIFICATION_BUDGET_PER_WINDOW,
      budgetWindowSec: env.NOTIFICATION_BUDGET_WINDOW_SEC,
      reminderSec: env.NOTIFICATION_REMINDER_SEC,
      lockMs: env.NOTIFICATIONS_LOCK_MS,
      stalledIntervalMs: env.NOTIFICATIONS_STALLED_INTERVAL_MS,
    },
    ai: {
      retrainSyntheticKiosks: env.AI_RETRAIN_SYNTHETIC_KIOSKS,
      retrainSyntheticDays: env.AI_RETRAIN_SYNTHETIC_DAYS,
      frozenEvalKiosks: env.AI_FROZEN_EVAL_KIOSKS,
      promotionF1Margin: env.AI_PROMOTION_F1_MARGIN,
      promotionFprMargin: env.AI_PROMOTION_FPR_MARGIN,
      driftPsiThreshold: env.AI_DRIFT_PSI_THRESHOLD,
      driftMinReadings: env.AI_DRIFT_MIN_READINGS,
      retrainMinNewLabels: env.AI_RETRAIN_MIN_NEW_LABELS,
      triggerCheckSec: env.AI_TRIGGER_CHECK_SEC,
      retrainCron: env.AI_RETRAIN_CRON,
      datasets: {
        maxFileBytes: env.AI_DATASET_MAX_FILE_BYTES,
        maxRows: env.AI_DATASET_MAX_ROWS,
        maxRecordBytes: env.AI_DATASET_MAX_RECORD_BYTES,
        maxColumns: env.AI_DATASET_MAX_COLUMNS,
        maxUnknownColumns: env.AI_DATASET_MAX_UNKNOWN_COLUMNS,
        maxFields: env.AI_DATASET_MAX_FIELDS,
        maxConcurrentPerUser: env.AI_DATASET_MAX_CONCURRENT_PER_USER,
        maxConcurrent: env.AI_DATASET_MAX_CONCURRENT,
        timeoutMs: env.AI_DATASET_TIMEOUT_MS,
      },
      retrainRateLimit: env.AI_RETRAIN_RATE_LIMIT,
      retrainRateWindowSec: env.AI_RETRAIN_RATE_WINDOW_SEC,
    },
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
