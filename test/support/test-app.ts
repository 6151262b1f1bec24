import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import Redis from 'ioredis';
import { Logger } from 'nestjs-pino';
import request from 'supertest';
import { AppConfig, DomainModuleDescriptor, loadAppConfig } from '@app/core';
import { Role } from '@app/contracts';
import { createTestDatabase } from '@app/database';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { OpenApiDocument, OpenApiResponseValidator, ReceivedResponse } from './openapi-validator';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ADMIN = { username: 'admin', password: 'admin-password-for-tests' };
export const API = '/api/v1';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  /**
   * A supertest client bound to the running server. Every response it receives is checked against
   * the app's OpenAPI document (status, content type, body schema, documented headers): a mismatch
   * fails the request with a sentence naming the operation, the status and the first problem.
   */
  http: () => ReturnType<typeof request>;
  baseUrl: string;
  databaseUrl: string;
  login(username: string, password: string): Promise<Session>;
  admin(): Promise<Session>;
  /** Creates a user through the API (as admin) and logs in as them. */
  userWithRole(role: Role, username?: string): Promise<Session & { id: string; password: string }>;
  close(): Promise<void>;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
  user: { id: string; username: string; role: Role };
}

export interface StartOptions {
  env?: Record<string, string>;
  domainModules?: readonly DomainModuleDescriptor[];
  withWorker?: boolean;
  /** Use this database instead of a fresh clone (the database is then not dropped on close). */
  databaseUrl?: string;
  /** Leave the Redis keys in place on close (another instance of the same deployment still uses them). */
  keepRedis?: boolean;
  /** Listen on this port instead of an ephemeral one (a restarted instance keeps its address). */
  port?: number;
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Deletes every Redis key of one test's prefix (queues, throttler counters). */
export async function flushRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

type Agent = ReturnType<typeof request>;
type Test = ReturnType<Agent['get']>;
/**
 * `fail` (the default): a response unlike the document fails its test. `collect`: every mismatch
 * is appended to TEST_OPENAPI_REPORT (JSON lines) and nothing fails, to see them all in one run.
 * `off`: no check, for bisecting a failure only (CI never sets it).
 */
const SPEC_VALIDATION = process.env.TEST_OPENAPI_VALIDATION ?? 'fail';
const SPEC_REPORT = process.env.TEST_OPENAPI_REPORT ?? 'openapi-mismatches.jsonl';

type AssertCallback = (err: Error | null, res: ReceivedResponse | undefined) => void;

/**
 * Hooks supertest's `assert` (which runs the test's own `.expect()`s once the response is in, for
 * `await`, `.then()` and `.end()` alike): after them, the response must be as the document says.
 * The test's own expectations fail first, so a wrong status reads as the test wrote it.
 */
function validatedAgainstSpec(agent: Agent, validator: OpenApiResponseValidator): Agent {
  const wrap =
    (method: string, create: (url: string) => Test) =>
    (url: string): Test => {
      const test = create(url);
      const internal = test as unknown as {
        assert(resError: Error | null, res: ReceivedResponse | undefined, fn?: AssertCallback): void;
      };
      const assert = internal.assert.bind(test);
      internal.assert = (resError, res, fn) =>
        assert(resError, res, (err, received) => {
          let failure = err;
          const problem = received ? validator.check(method, url, received) : undefined;
          if (problem && SPEC_VALIDATION === 'collect') {
            appendFileSync(
              SPEC_REPORT,
              `${JSON.stringify({ test: expect.getState().currentTestName, problem })}\n`,
            );
          } else if (problem && !failure) {
            failure = new Error(`OpenAPI: ${problem}`);
          }
          fn?.call(test, failure, received);
        });
      return test;
    };
  return new Proxy(agent, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      const method = prop === 'del' ? 'delete' : prop;
      return wrap(method, value as (url: string) => Test);
    },
  });
}

/**
 * The real app (HTTP server, Postgres, Redis) on an ephemeral port, with its own database cloned
 * from the migrated template and its own Redis key prefix, so test files run in parallel.
 */
export async function startTestApp(opts: StartOptions = {}): Promise<TestApp> {
  const db = opts.databaseUrl
    ? { url: opts.databaseUrl, drop: async () => undefined }
    : await createTestDatabase();
  const prefix = `test:${randomBytes(4).toString('hex')}:`;
  const config = loadAppConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    LOG_FORMAT: 'json',
    DATABASE_URL: db.url,
    DB_MIGRATE_ON_START: 'false',
    DB_POOL_SIZE: '5',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    LOGIN_RATE_LIMIT_PER_MIN: '10000',
    ...opts.env,
  });
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, { withWorker: opts.withWorker, domainModules: opts.domainModules }),
    { bufferLogs: true, bodyParser: false, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  configureApp(app, config);
  await app.listen(opts.port ?? 0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const spec = await request(app.getHttpServer()).get('/docs-json');
  const validator = new OpenApiResponseValidator(spec.body as OpenApiDocument);
  const http = () =>
    SPEC_VALIDATION === 'off'
      ? request(app.getHttpServer())
      : validatedAgainstSpec(request(app.getHttpServer()), validator);

  const login = async (username: string, password: string): Promise<Session> => {
    const res = await http().post(`${API}/auth/login`).send({ username, password });
    if (res.status !== 200)
      throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    const body = res.body as Omit<Session, 'auth'>;
    return { ...body, auth: { Authorization: `Bearer ${body.accessToken}` } };
  };
  let adminSession: Promise<Session> | undefined;
  const admin = () => (adminSession ??= login(ADMIN.username, ADMIN.password));

  return {
    app,
    config,
    http,
    baseUrl,
    databaseUrl: db.url,
    login,
    admin,
    async userWithRole(role, username = `${role}-${randomBytes(3).toString('hex')}`) {
      const password = `pw-${randomBytes(8).toString('hex')}`;
      const res = await http()
        .post(`${API}/users`)
        .set((await admin()).auth)
        .send({ username, password, role });
      if (res.status !== 201)
        throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { ...(await login(username, password)), id: res.body.id as string, password };
    },
    async close() {
      await app.close();
      await db.drop();
      if (!opts.keepRedis) await flushRedisPrefix(config.redis.keyPrefix);
    },
  };
}

/**
 * Two API instances on one database and one Redis key prefix (the env's REDIS_KEY_PREFIX), as
 * production runs them. Should the second fail to start, the first is closed before the error.
 */
export async function startTwoInstances(env: Record<string, string>): Promise<[TestApp, TestApp]> {
  const a = await startTestApp({ env, keepRedis: true });
  try {
    return [a, await startTestApp({ env, databaseUrl: a.databaseUrl, keepRedis: true })];
  } catch (e) {
    await a.close();
    throw e;
  }
}

/** Closes two instances (the second first), then deletes their Redis prefix's keys. */
export async function closeTwoInstances(
  a: TestApp | undefined,
  b: TestApp | undefined,
  prefix: string,
): Promise<void> {
  await b?.close();
  await a?.close();
  await flushRedisPrefix(prefix);
}
