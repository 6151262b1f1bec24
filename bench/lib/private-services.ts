import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { sleep } from './stats';

/*
 * A PostgreSQL cluster and a Redis server of the fault suite's own: the faults stop and restart
 * them, which must never happen to the machine's shared servers (other people's tests use them).
 * Both live in a temporary directory and are removed at the end.
 */

function pgBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) throw new Error(`no PostgreSQL binaries under ${root}/*/bin`);
  return join(root, versions[0], 'bin');
}

/** initdb and postgres refuse to run as root: as root, the cluster belongs to `postgres`. */
function asPgUser(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

function pgUid(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

export class PrivatePostgres {
  private readonly bin = pgBinDir();
  readonly dir: string;
  private readonly dataDir: string;

  constructor(readonly port: number) {
    this.dir = mkdtempSync(join(tmpdir(), 'kiosk-faults-pg-'));
    this.dataDir = join(this.dir, 'data');
    const owner = pgUid();
    if (owner) chownSync(this.dir, owner.uid, owner.gid);
  }

  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  url(db: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${db}`;
  }

  private run(tool: string, args: string[]): void {
    const [cmd, argv] = asPgUser(join(this.bin, tool), args);
    execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  }

  init(): void {
    this.run('initdb', ['-D', this.dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  }

  start(): void {
    // fsync off: the faults stop the server cleanly (fast shutdown), never pull the machine's plug.
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off`;
    this.run('pg_ctl', ['-D', this.dataDir, '-l', join(this.dir, 'postgres.log'), '-o', opts, '-w', 'start']);
  }

  /** Fast shutdown: every session is cut, as when an operator or a failover stops the primary. */
  stop(): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
  }

  destroy(): void {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class PrivateRedis {
  private child: ChildProcess | null = null;
  readonly dir: string;

  constructor(readonly port: number) {
    this.dir = mkdtempSync(join(tmpdir(), 'kiosk-faults-redis-'));
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const log = openSync(join(this.dir, 'redis.log'), 'a');
    // As on the CI machine and most dev boxes: no persistence, so a restart loses every key.
    this.child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dir,
      ],
      { stdio: ['ignore', log, log] },
    );
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const r = new Redis(this.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      r.on('error', () => undefined); // refused until it listens
      try {
        await r.connect();
        if ((await r.ping()) === 'PONG') return;
      } catch {
        // not up yet
      } finally {
        r.disconnect();
      }
      await sleep(100);
    }
    throw new Error(`private redis-server on ${this.port} did not come up`);
  }

  /** SHUTDOWN NOSAVE: the server exits at once and every key (Bull jobs, adapter state) is gone. */
  async shutdownNoSave(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const r = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await r.connect();
    await r.call('SHUTDOWN', 'NOSAVE').catch(() => undefined); // the connection closes under the reply
    r.disconnect();
    await exited;
  }

  async destroy(): Promise<void> {
    await this.shutdownNoSave().catch(() => this.child?.kill('SIGKILL'));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
