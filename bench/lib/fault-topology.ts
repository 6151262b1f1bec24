import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { ADMIN, allSamples, freePort, login, metricsText, registerKiosks, withAdmin } from './api-process';
import { LocalCluster } from './cluster';
import { CommandKiosks, WebhookReceiver } from './fault-observers';
import type { KioskCredential } from './protocol';
import { PrivatePostgres, PrivateRedis } from './private-services';
import { sleep } from './stats';

/*
 * The fault suite's system: the two-instance topology of `npm run cluster` on a PostgreSQL and a
 * Redis of its own (the faults stop them), the simulated fleet provisioned through HAProxy, a
 * webhook to a local receiver, and a few kiosks that count the commands they run.
 */

const ROOT = join(__dirname, '..', '..');
const SIM = join(ROOT, 'kiosk-simulator');
/** Events the suite's webhook subscribes to: those the faults' traffic produces. */
export const WEBHOOK_EVENTS = [
  'alert.raised',
  'command.updated',
  'kiosk.offline',
  'kiosk.online',
  'payment.recorded',
];

export interface TopologyOptions {
  /** Simulated kiosks provisioned (the largest phase's fleet). */
  kiosks: number;
  commandKiosks: number;
  intervalSec: number;
  /** Receiver's answer delay: stretches a delivery burst so that the worker dies in its middle. */
  webhookDelayMs: number;
  say: (msg: string) => void;
}

export interface SimRun {
  child: ChildProcess;
  groundTruth: string;
  /** Interrupts the run (the simulator drains its acks first) and answers its JSON summary. */
  stop: () => Promise<SimSummary>;
}

/** The fields of the simulator's summary the suite reads. */
export interface SimSummary {
  kiosks: number;
  readings: {
    sent: number;
    acked: number;
    resent: number;
    dropped: number;
    pending: number;
    rejected: number;
  };
  ackLatencyMs: { p50: number | null; p99: number | null };
  errors: Record<string, number>;
}

export class FaultTopology {
  readonly logDir = mkdtempSync(join(tmpdir(), 'kiosk-faults-'));
  pg!: PrivatePostgres;
  redis!: PrivateRedis;
  cluster!: LocalCluster;
  db!: Pool;
  receiver!: WebhookReceiver;
  commands!: CommandKiosks;
  token = '';
  creds: KioskCredential[] = [];
  commandCreds: KioskCredential[] = [];
  webhookId = '';
  private readonly runId = randomBytes(3).toString('hex');
  private sims = new Set<ChildProcess>();

  constructor(readonly o: TopologyOptions) {}

  get serialPrefix(): string {
    return `FLT${this.runId}`;
  }

  async start(): Promise<void> {
    const { say } = this.o;
    say(`logs in ${this.logDir}`);
    this.pg = new PrivatePostgres(await freePort());
    this.pg.init();
    this.pg.start();
    await withAdmin(this.pg.adminUrl, (c) => c.query('CREATE DATABASE kiosk_faults'));
    this.redis = new PrivateRedis(await freePort());
    await this.redis.start();
    say(`private PostgreSQL on ${this.pg.port}, private Redis on ${this.redis.port}`);
    const dbUrl = this.pg.url('kiosk_faults');
    this.cluster = new LocalCluster({
      databaseUrl: dbUrl,
      redisUrl: this.redis.url,
      lbPort: await freePort(),
      apiPorts: [await freePort(), await freePort()],
      logDir: this.logDir,
      connections: this.o.kiosks + this.o.commandKiosks,
      isolatedEnv: true,
      env: {
        NODE_ENV: 'production',
        DATABASE_URL: dbUrl,
        REDIS_URL: this.redis.url,
        REDIS_KEY_PREFIX: 'faults:',
        REDIS_AUTOSTART: 'false',
        JWT_SECRET: `faults-jwt-secret-${randomBytes(16).toString('hex')}`,
        ADMIN_USERNAME: ADMIN.username,
        ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
        TELEMETRY_INTERVAL_SEC: String(this.o.intervalSec),
        TRUST_PROXY: '1',
        // Set-up registers thousands of kiosks in seconds: not the load under test.
        RATE_LIMIT_ADMIN_PER_MIN: '0',
        // The receiver listens on loopback.
        WEBHOOK_ALLOW_PRIVATE: 'true',
      },
      say,
    });
    await this.cluster.start();
    this.db = new Pool({ connectionString: dbUrl, max: 4 });
    this.db.on('error', () => undefined); // idle clients die with the PostgreSQL outage
    this.token = await login(this.url);
    this.receiver = new WebhookReceiver(this.o.webhookDelayMs);
    await this.receiver.start();
    this.webhookId = await this.createWebhook();
    say(`provisioning ${this.o.kiosks} + ${this.o.commandKiosks} kiosks through HAProxy`);
    this.creds = await registerKiosks(this.url, this.token, this.o.kiosks, `${this.serialPrefix}-S`);
    this.commandCreds = await registerKiosks(
      this.url,
      this.token,
      this.o.commandKiosks,
      `${this.serialPrefix}-C`,
    );
    writeFileSync(this.credentialsFile, this.creds.map((c) => `${c.serial},${c.secret}`).join('\n') + '\n');
    this.commands = new CommandKiosks(this.url, this.commandCreds);
    this.commands.start();
  }

  get url(): string {
    return this.cluster.url;
  }

  private get credentialsFile(): string {
    return join(this.logDir, 'credentials.csv');
  }

  private async createWebhook(): Promise<string> {
    const res = await fetch(`${this.url}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        url: this.receiver.url,
        events: WEBHOOK_EVENTS,
        secret: 'faults-webhook-secret-0123',
      }),
    });
    if (res.status !== 201) throw new Error(`webhook: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  }

  /** Starts `kiosks` simulated kiosks through HAProxy, every reading with `seq`, until stopped. */
  startSim(name: string, kiosks: number, connectRate: number): SimRun {
    const groundTruth = join(this.logDir, `${name}.truth.jsonl`);
    const args = [
      '-r',
      'ts-node/register/transpile-only',
      join(SIM, 'src/main.ts'),
      ...['--url', this.url, '--credentials', this.credentialsFile, '--kiosks', String(kiosks)],
      ...['--interval', String(this.o.intervalSec), '--duration', '2h', '--scenario', 'normal'],
      ...['--seed', `${this.runId}-${name}`, '--ground-truth', groundTruth, '--json'],
      ...['--connect-rate', String(connectRate)],
    ];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_PROJECT: join(SIM, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.sims.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    return {
      child,
      groundTruth,
      stop: async () => {
        child.kill('SIGINT');
        const code = await closed;
        this.sims.delete(child);
        const last = stdout.trim().split('\n').pop() ?? '';
        if (!last.startsWith('{'))
          throw new Error(`simulator ${name} exited ${code} without a summary: ${stderr}`);
        return JSON.parse(last) as SimSummary;
      },
    };
  }

  /** Kiosk sockets open on the instances that answer (a dead one holds none). */
  async socketsOpen(): Promise<number> {
    let total = 0;
    for (const i of [0, 1]) {
      try {
        for (const [series, v] of allSamples(await metricsText(this.cluster.apiUrl(i)))) {
          if (series === 'kiosk_sockets') total += v;
        }
      } catch {
        // instance down
      }
    }
    return total;
  }

  async lbReady(): Promise<boolean> {
    try {
      return (await fetch(`${this.url}/health/ready`)).ok;
    } catch {
      return false;
    }
  }

  /** Waits until `n` kiosk sockets are open behind HAProxy; answers false on timeout. */
  async waitSockets(n: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await this.socketsOpen()) >= n) return true;
      await sleep(250);
    }
    return false;
  }

  async stop(): Promise<void> {
    for (const child of this.sims) child.kill('SIGKILL');
    this.commands?.close();
    await this.receiver?.close();
    await this.db?.end().catch(() => undefined);
    await this.cluster?.stop().catch(() => undefined);
    await this.redis?.destroy().catch(() => undefined);
    this.pg?.destroy();
  }
}
