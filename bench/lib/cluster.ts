import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { productionNodeFlags } from './api-process';
import { sleep } from './stats';

/*
 * The two-instance topology of docker-compose.yml, as local processes: 2 API instances and 1
 * worker (the built dist/), behind HAProxy with deploy/haproxy/haproxy.cfg, the file compose
 * mounts (its server addresses and bind come from the environment). `npm run cluster` runs it for
 * people; the fault suite kills and restarts its parts.
 */

const ROOT = join(__dirname, '..', '..');
export const HAPROXY_CFG = join(ROOT, 'deploy/haproxy/haproxy.cfg');

export interface ClusterOptions {
  databaseUrl: string;
  redisUrl: string;
  /** HAProxy's port: the only address kiosks and REST clients use. */
  lbPort: number;
  apiPorts: [number, number];
  logDir: string;
  /** Variables for API and worker on top of the process environment (JWT_SECRET, REDIS_KEY_PREFIX…). */
  env: Record<string, string>;
  /** Leave out the caller's environment (benches and tests: only `env` and PATH). */
  isolatedEnv?: boolean;
  haproxyBin?: string;
  /**
   * HAProxy processes sharing the one bind (SO_REUSEPORT: the kernel spreads new connections over
   * them), as two load-balancer nodes would. Default: as many as `connections` need on this host.
   */
  lbProcesses?: number;
  /** Connections the load balancer must hold at once (kiosks, REST, feeds); sizes lbProcesses. */
  connections?: number;
  say?: (msg: string) => void;
}

function benchApiNodeArgs(): string[] {
  return (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
}

export function haproxyBinary(): string {
  for (const p of [process.env.HAPROXY_BIN, '/usr/sbin/haproxy', '/usr/local/sbin/haproxy']) {
    if (p && existsSync(p)) return p;
  }
  throw new Error('haproxy not found (Debian: apt-get install haproxy; or set HAPROXY_BIN)');
}

/**
 * HAProxy's maxconn: the config's 50,000 unless the hard file limit is lower (2 descriptors per
 * proxied connection; HAProxy refuses to start when it cannot raise its limit to fit maxconn).
 */
export function lbMaxConn(): number {
  if (process.env.LB_MAXCONN) return Number(process.env.LB_MAXCONN);
  const hard = execFileSync('sh', ['-c', 'ulimit -Hn']).toString().trim();
  if (hard === 'unlimited') return 50_000;
  return Math.max(100, Math.min(50_000, Math.floor((Number(hard) - 200) / 2)));
}

/**
 * HAProxy processes for `connections`: one per lbMaxConn() of them. A host whose hard file limit
 * caps one process below the fleet (20,000 descriptors hold 9,900 proxied connections) gets a
 * second process on the same port rather than a fleet that cannot all connect.
 */
export function lbProcessesFor(connections: number): number {
  return Math.max(1, Math.ceil((connections + 400) / lbMaxConn()));
}

export class LocalCluster {
  readonly apis: Array<ChildProcess | null> = [null, null];
  worker: ChildProcess | null = null;
  haproxies: ChildProcess[] = [];
  private stopping = false;
  /** Parts LocalCluster.kill stopped: their exit is not a crash. */
  private readonly killedOnPurpose = new WeakSet<ChildProcess>();
  /** Called when a part exits while nobody asked it to (npm run cluster stops everything then). */
  onUnexpectedExit: (name: string, code: number | null, signal: string | null) => void = () => undefined;

  constructor(readonly o: ClusterOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.o.lbPort}`;
  }

  apiUrl(i: number): string {
    return `http://127.0.0.1:${this.o.apiPorts[i]}`;
  }

  private env(extra: Record<string, string>): NodeJS.ProcessEnv {
    const base = this.o.isolatedEnv ? { PATH: process.env.PATH } : process.env;
    return { ...base, DB_MIGRATE_ON_START: 'false', ...this.o.env, ...extra };
  }

  private say(msg: string): void {
    this.o.say?.(msg);
  }

  private spawnPart(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
    const log = openSync(join(this.o.logDir, `${name}.log`), 'a');
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', log, log], env });
    child.once('exit', (code, signal) => {
      if (!this.stopping && !this.killedOnPurpose.has(child)) this.onUnexpectedExit(name, code, signal);
    });
    return child;
  }

  /** Applies pending migrations once, before any instance starts (no two instances race on them). */
  async migrate(): Promise<void> {
    this.say('migrating the database');
    const args = [join(ROOT, 'dist/apps/cli/main.js'), 'migrate'];
    await promisify(execFile)(process.execPath, args, { cwd: ROOT, env: this.env({}) });
  }

  startApi(i: number): ChildProcess {
    const api = this.spawnPart(
      `api-${i + 1}`,
      process.execPath,
      // BENCH_API_NODE_ARGS (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof) as for the single-process benches.
      [...productionNodeFlags(), ...benchApiNodeArgs(), join(ROOT, 'dist/apps/api/main.js')],
      this.env({ HOST: '127.0.0.1', PORT: String(this.o.apiPorts[i]) }),
    );
    this.apis[i] = api;
    return api;
  }

  startWorker(): ChildProcess {
    this.worker = this.spawnPart(
      'worker',
      process.execPath,
      [join(ROOT, 'dist/apps/worker/main.js')],
      this.env({}),
    );
    return this.worker;
  }

  get lbProcesses(): number {
    return this.o.lbProcesses ?? lbProcessesFor(this.o.connections ?? 10_000);
  }

  startHaproxy(): ChildProcess[] {
    const env = {
      PATH: process.env.PATH,
      LB_BIND: `127.0.0.1:${this.o.lbPort}`,
      API_1_ADDR: `127.0.0.1:${this.o.apiPorts[0]}`,
      API_2_ADDR: `127.0.0.1:${this.o.apiPorts[1]}`,
      LB_MAXCONN: String(lbMaxConn()),
    };
    const bin = this.o.haproxyBin ?? haproxyBinary();
    this.haproxies = Array.from({ length: this.lbProcesses }, (_, i) =>
      this.spawnPart(i === 0 ? 'haproxy' : `haproxy-${i + 1}`, bin, ['-db', '-f', HAPROXY_CFG], env),
    );
    return this.haproxies;
  }

  /** Kills every HAProxy process: every connection through the load balancer drops at once. */
  async killHaproxy(signal: NodeJS.Signals): Promise<void> {
    await Promise.all(this.haproxies.map((h) => this.kill(h, signal)));
  }

  /** Migrations, both instances, the worker and HAProxy; resolves once HAProxy routes to a ready instance. */
  async start(timeoutMs = 120_000): Promise<void> {
    await this.migrate();
    this.startApi(0);
    this.startApi(1);
    this.startWorker();
    await Promise.all([this.waitApiReady(0, timeoutMs), this.waitApiReady(1, timeoutMs)]);
    this.startHaproxy();
    await this.waitLbReady(timeoutMs);
  }

  async waitApiReady(i: number, timeoutMs = 120_000): Promise<void> {
    await waitHealthy(this.apiUrl(i), timeoutMs, () => {
      const c = this.apis[i];
      return c ? c.exitCode !== null || c.signalCode !== null : true;
    });
  }

  async waitLbReady(timeoutMs = 60_000): Promise<void> {
    await waitHealthy(this.url, timeoutMs, () => this.haproxies.some((h) => h.exitCode !== null));
  }

  /** Sends `signal` to a part and waits for it to exit (SIGKILL: no shutdown hook runs). */
  async kill(child: ChildProcess | null, signal: NodeJS.Signals): Promise<void> {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.killedOnPurpose.add(child);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  /** Ctrl-C: HAProxy first (no new traffic), then the instances and the worker drain and exit. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.killHaproxy('SIGTERM');
    await Promise.all([...this.apis, this.worker].map((c) => this.kill(c, 'SIGTERM')));
  }
}

async function waitHealthy(baseUrl: string, timeoutMs: number, dead: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (dead()) throw new Error(`${baseUrl}: the process exited during start-up (see its log)`);
    try {
      const res = await fetch(`${baseUrl}/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${baseUrl}/health/ready did not answer 200 within ${timeoutMs} ms`);
}
