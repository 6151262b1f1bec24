import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSV_COLUMNS } from '../../libs/kiosk-signals/src';
import { FakeKioskServer } from './testing/fake-kiosk-server';
import { FakeRest, createFakeRest } from './testing/fake-rest';

/** The spawner as a user runs it: a separate process, its exit code, its JSON summary. */
const ROOT = join(__dirname, '..');

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function simulate(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  const base = { ...process.env };
  delete base.ADMIN_USERNAME;
  delete base.ADMIN_PASSWORD;
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src/main.ts'), ...args],
    {
      env: { ...base, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe('npm run simulate', () => {
  jest.setTimeout(40_000);
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-sim-cli-'));
  let server: FakeKioskServer;
  let rest: FakeRest;

  beforeAll(async () => {
    const secrets = new Map<string, string>();
    rest = createFakeRest({ username: 'admin', password: 'pw', secrets, existing: ['SIM-TAKEN-00001'] });
    server = await FakeKioskServer.start({ secrets, rest: rest.handler });
  });
  afterAll(() => server.close());

  it('provisions kiosks with admin credentials, runs a mixed fleet for the duration, exits 0 with a JSON summary', async () => {
    const args = [
      '--url',
      server.url,
      '--kiosks',
      '5',
      '--interval',
      '0.2',
      '--duration',
      '2s',
      '--scenario',
      'mixed',
    ];
    const started = Date.now();
    const { code, stdout, stderr } = await simulate([...args, '--run-id', 'CLI1'], {
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'pw',
    });
    expect(code).toBe(0);
    expect(Date.now() - started).toBeGreaterThan(2000);
    expect(stderr).toMatch(/provisioning 5 kiosks/);
    expect(stderr).toMatch(/credentials saved to .*kiosk-sim-credentials-CLI1\.json/);
    const summary = JSON.parse(stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({
      kiosks: 5,
      threads: 1,
      scenario: 'mixed',
      interrupted: false,
      connected: { max: 5 },
    });
    expect(
      Object.values(summary.faultyKiosks as Record<string, number>).reduce((a, b) => a + b, 0),
    ).toBeGreaterThan(0);
    for (const key of ['readings', 'ackLatencyMs', 'commands', 'payments', 'errors', 'cpu', 'durationSec']) {
      expect(summary).toHaveProperty(key);
    }
    expect(rest.created.map((k) => k.serial)).toEqual([1, 2, 3, 4, 5].map((i) => `SIM-CLI1-0000${i}`));
  });

  it('reuses a credentials file across worker threads and writes ground truth', async () => {
    const creds = join(dir, 'creds.json');
    const truth = join(dir, 'truth.csv');
    const first = await simulate(
      [
        '--url',
        server.url,
        '--kiosks',
        '4',
        '--duration',
        '1s',
        '--interval',
        '0.2',
        '--run-id',
        'CLI2',
        '--json',
      ].concat(['--admin-username', 'admin', '--admin-password', 'pw', '--credentials-out', creds]),
    );
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    const saved = JSON.parse(readFileSync(creds, 'utf8')) as {
      serial: string;
      secret: string;
      kioskId: number;
    }[];
    expect(saved).toHaveLength(4);
    expect(saved[0]).toMatchObject({
      serial: 'SIM-CLI2-00001',
      secret: 'secret-SIM-CLI2-00001',
      kioskId: expect.any(Number),
    });

    const joinsBefore = server.joins.length;
    const { code, stdout } = await simulate(
      [
        '--url',
        server.url,
        '--credentials',
        creds,
        '--threads',
        '2',
        '--duration',
        '2s',
        '--interval',
        '0.2',
      ].concat(['--ground-truth', truth, '--scenario', 'overheat:2', '--json']),
    );
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as {
      kiosks: number;
      threads: number;
      readings: { sent: number; acked: number };
      faultyKiosks: Record<string, number>;
      groundTruth: { lines: number };
      cpu: { totalSec: number };
    };
    expect(summary).toMatchObject({ kiosks: 4, threads: 2, faultyKiosks: { overheat: 2 } });
    expect(summary.readings.sent).toBeGreaterThan(10);
    expect(summary.readings.acked).toBe(summary.readings.sent);
    expect(summary.cpu.totalSec).toBeGreaterThan(0);
    expect(server.joins.length - joinsBefore).toBe(4);
    expect(rest.created.filter((k) => String(k.serial).startsWith('SIM-CLI2'))).toHaveLength(4);
    const rows = readFileSync(truth, 'utf8').trim().split('\n');
    expect(rows[0]).toBe(CSV_COLUMNS.join(','));
    expect(rows).toHaveLength(summary.readings.sent + 1);
    // Two of the four kiosks overheat from the start; the other two stay normal throughout.
    const labelsBySerial = new Map<string, Set<string>>();
    for (const row of rows.slice(1)) {
      const cells = row.split(',');
      const serial = cells[CSV_COLUMNS.indexOf('serial')];
      if (!labelsBySerial.has(serial)) labelsBySerial.set(serial, new Set());
      labelsBySerial.get(serial)?.add(cells[cells.length - 1]);
    }
    const perKiosk = [...labelsBySerial.values()].map((set) => [...set].join('|')).sort();
    expect(perKiosk).toEqual(['normal', 'normal', 'overheat', 'overheat']);
  });

  it('fails with exit code 3 and a clear message when a serial already exists', async () => {
    const { code, stderr, stdout } = await simulate(
      ['--url', server.url, '--kiosks', '2', '--run-id', 'TAKEN', '--duration', '1s'],
      { ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'pw' },
    );
    expect(code).toBe(3);
    expect(stderr).toMatch(
      /SIM-TAKEN-00001 already exists \(409\): use a fresh --run-id, or reuse kiosks with --credentials/,
    );
    expect(stdout).toBe('');
  });

  it('fails with exit code 2 on bad usage or when it has no way to get kiosks', async () => {
    const bad = await simulate(['--duration', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--duration: invalid duration "soon"/);
    const noCreds = await simulate(['--url', server.url, '--duration', '1s']);
    expect(noCreds.code).toBe(2);
    expect(noCreds.stderr).toMatch(
      /--admin-username\/--admin-password \(or ADMIN_USERNAME\/ADMIN_PASSWORD\).*--credentials/,
    );
  });
});
