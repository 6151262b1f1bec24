import { ConfigValidationError, loadAppConfig, logFormat } from './app.config';
import { DEV_JWT_SECRET } from './env.schema';

describe('loadAppConfig', () => {
  it('gives every variable its documented default in development', () => {
    const c = loadAppConfig({});
    expect(c.nodeEnv).toBe('development');
    expect(c.port).toBe(3000);
    expect(c.database.url).toBeUndefined();
    expect(c.database.migrateOnStart).toBe(true);
    expect(c.redis.url).toBe('redis://127.0.0.1:6379');
    expect(c.redis.autostart).toBe(true);
    expect(c.jwt.secret).toBe(DEV_JWT_SECRET);
    expect(c.jwt.accessTtlSec).toBe(900);
    expect(c.telemetryIntervalSec).toBe(5);
    expect(c.webhooks.retryBaseMs).toBe(10000);
    expect(c.log.format).toBe('pretty');
    expect([...c.enabledModules]).toEqual([
      'kiosk',
      'telemetry',
      'command',
      'payment',
      'alert',
      'ai',
      'notification',
      'rollout',
    ]);
  });

  it('reads ROLLOUT_COMMANDS_PER_SEC: 1000 by default, whole numbers 1…100000 only', () => {
    expect(loadAppConfig({}).rolloutCommandsPerSec).toBe(1000);
    expect(loadAppConfig({ ROLLOUT_COMMANDS_PER_SEC: '5000' }).rolloutCommandsPerSec).toBe(5000);
    for (const bad of ['0', '-1', '1.5', '100001', 'fast']) {
      expect(() => loadAppConfig({ ROLLOUT_COMMANDS_PER_SEC: bad })).toThrow(/ROLLOUT_COMMANDS_PER_SEC/);
    }
  });

  it('reads ROLLOUT_TICK_MS within 50 ms…60 s, whole milliseconds only', () => {
    expect(loadAppConfig({}).rolloutTickMs).toBe(2000);
    expect(loadAppConfig({ ROLLOUT_TICK_MS: '100' }).rolloutTickMs).toBe(100);
    for (const bad of ['0', '49', '60001', '1.5', '-100', 'fast', '']) {
      expect(() => loadAppConfig({ ROLLOUT_TICK_MS: bad })).toThrow(/ROLLOUT_TICK_MS/);
    }
  });

  it('refuses to start in production with the default JWT secret or no database', () => {
    expect(() => loadAppConfig({ NODE_ENV: 'production' })).toThrow(ConfigValidationError);
    expect(() => loadAppConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' })).toThrow(
      /JWT_SECRET/,
    );
    expect(() =>
      loadAppConfig({ NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET, DATABASE_URL: 'postgres://db/x' }),
    ).toThrow(/JWT_SECRET/);
    const ok = loadAppConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-enough-length-123',
      DATABASE_URL: 'postgres://db/x',
    });
    expect(ok.database.migrateOnStart).toBe(false);
    expect(ok.log.format).toBe('json');
    expect(ok.redis.autostart).toBe(false);
  });

  it('lists every problem at once, naming the variable', () => {
    let message = '';
    try {
      loadAppConfig({ PORT: 'eighty', REDIS_URL: 'http://nope', JWT_SECRET: 'short' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('"PORT"');
    expect(message).toContain('"REDIS_URL"');
    expect(message).toContain('"JWT_SECRET"');
  });

  it('reads SOCKET_IO_ADAPTER: classic by default, sharded on request, nothing else', () => {
    expect(loadAppConfig({}).redis.socketIoAdapter).toBe('classic');
    expect(loadAppConfig({ SOCKET_IO_ADAPTER: 'sharded' }).redis.socketIoAdapter).toBe('sharded');
    for (const bad of ['Sharded', 'cluster', '', ' sharded', 'sharded\u0000', 'x'.repeat(10_000)]) {
      expect(() => loadAppConfig({ SOCKET_IO_ADAPTER: bad })).toThrow(
        /"SOCKET_IO_ADAPTER" must be one of \[classic, sharded\]/,
      );
    }
  });

  it('reads ENABLED_MODULES as a list and rejects unknown names', () => {
    expect([...loadAppConfig({ ENABLED_MODULES: 'kiosk, alert' }).enabledModules]).toEqual([
      'kiosk',
      'alert',
    ]);
    expect(loadAppConfig({ ENABLED_MODULES: 'none' }).enabledModules.size).toBe(0);
    expect(() => loadAppConfig({ ENABLED_MODULES: 'kiosk,payroll' })).toThrow(/payroll/);
  });
});

describe('logFormat', () => {
  it('refuses LOG_FORMAT=pretty without pino-pretty (production images) instead of crashing on the first log line', () => {
    expect(() => logFormat('pretty', true, false)).toThrow(/LOG_FORMAT=pretty needs the pino-pretty package/);
    expect(logFormat('pretty', true, true)).toBe('pretty');
  });

  it('defaults to json in production, and in development when pino-pretty is missing', () => {
    expect(logFormat(undefined, true, true)).toBe('json');
    expect(logFormat(undefined, false, true)).toBe('pretty');
    expect(logFormat(undefined, false, false)).toBe('json');
    expect(logFormat('json', false, true)).toBe('json');
  });
});
