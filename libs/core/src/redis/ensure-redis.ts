import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import Redis from 'ioredis';

export interface RedisHandle {
  /** Set when this process started its own redis-server; stop() ends it. */
  started: boolean;
  stop(): Promise<void>;
}

async function answersPing(url: string, timeoutMs = 1500): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function redisServerOnPath(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export const REDIS_HELP = (url: string) =>
  `Redis is not reachable at ${url}. The notification and retraining queues need it. ` +
  'Install it (Debian/Ubuntu: `apt-get install redis-server`; macOS: `brew install redis`) and start it ' +
  '(`redis-server --daemonize yes`), or point REDIS_URL at a running server. In development, `npm start` ' +
  'starts a redis-server from your PATH by itself when nothing answers.';

/**
 * Makes sure Redis answers at `url`. In development, when nothing answers and a redis-server binary
 * is on the PATH, starts one for this session (no persistence: it is a scratch server).
 */
export async function ensureRedis(
  url: string,
  autostart: boolean,
  log: (msg: string) => void,
): Promise<RedisHandle> {
  const none: RedisHandle = { started: false, stop: async () => undefined };
  if (await answersPing(url)) return none;
  const parsed = new URL(url);
  const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(parsed.hostname);
  if (!autostart || !local || !redisServerOnPath()) throw new Error(REDIS_HELP(url));

  const port = parsed.port || '6379';
  log(`no Redis answered at ${url}; starting redis-server on port ${port} for this session`);
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50; i++) {
    if (await answersPing(url, 300)) {
      return {
        started: true,
        stop: async () => {
          child.kill('SIGTERM');
        },
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(REDIS_HELP(url));
}
