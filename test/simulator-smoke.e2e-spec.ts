import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { eventually } from './support/kiosks';
import { ADMIN, API, startTestApp, TestApp } from './support/test-app';

const SIM = join(__dirname, '..', 'kiosk-simulator');

interface GroundTruthLine {
  serial: string;
  seq: number;
  label: string;
  payload: { hardware?: { cpu_temp?: unknown } };
}

/**
 * The kiosk simulator (a separate process speaking only the contract) drives the real backend:
 * 20 kiosks, mixed faults, 30 s: readings, commands and the sales it reports with kiosk_payment.
 */
describe('kiosk-simulator against the real backend', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { TELEMETRY_INTERVAL_SEC: '1' } });
  });
  afterAll(() => t.close());

  it('stores every acknowledged reading, gets commands acknowledged, and its ground truth lines up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-sim-smoke-'));
    const runId = `smoke${randomBytes(3).toString('hex')}`;
    const groundTruth = join(dir, 'truth.jsonl');
    // Two busy sites near UTC: with the default sites' few customers an hour, a 30-second run sold
    // nothing about one time in five (some sites are at 5 a.m. local), and this test needs sales.
    const fleet = join(dir, 'fleet.json');
    writeFileSync(
      fleet,
      JSON.stringify({
        locations: [
          {
            name: 'London',
            lat: 51.5074,
            lng: -0.1278,
            utcOffsetHours: 0,
            currency: 'GBP',
            peakCustomersPerHour: 600,
          },
          {
            name: 'Madrid',
            lat: 40.4168,
            lng: -3.7038,
            utcOffsetHours: 1,
            currency: 'EUR',
            peakCustomersPerHour: 600,
          },
        ],
      }),
    );
    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        join(SIM, 'src/main.ts'),
        ...[
          '--url',
          t.baseUrl,
          '--kiosks',
          '20',
          '--interval',
          '1',
          '--duration',
          '30s',
          '--scenario',
          'mixed',
        ],
        // Sales follow the sites' local hour of day (quiet nights): a midday start keeps this short
        // run from selling nothing when the suite happens to run at night.
        ...['--config', fleet, '--start', lastMiddayUtc()],
        ...['--seed', '7', '--run-id', runId, '--ground-truth', groundTruth, '--json'],
        ...['--admin-username', ADMIN.username, '--admin-password', ADMIN.password],
      ],
      { env: { ...process.env, TS_NODE_PROJECT: join(SIM, 'tsconfig.json') } },
    );
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    // While it runs: send a restart to three of its kiosks, as an operator would.
    const admin = await t.admin();
    const kiosks = await eventually(async () => {
      const res = await t.http().get(`${API}/kiosks?q=SIM-${runId}&limit=50`).set(admin.auth).expect(200);
      const online = (res.body.items as Array<{ id: number; status: string }>).filter(
        (k) => k.status === 'online',
      );
      expect(online.length).toBeGreaterThanOrEqual(3);
      return online;
    }, 20_000);
    const issued: string[] = [];
    for (const k of kiosks.slice(0, 3)) {
      const res = await t
        .http()
        .post(`${API}/kiosks/${k.id}/commands`)
        .set(admin.auth)
        .send({ command: 'restart' })
        .expect(202);
      issued.push(res.body.id);
    }

    expect(await exited).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').pop() as string);
    expect(summary.kiosks).toBe(20);
    expect(summary.readings.acked).toBeGreaterThan(300);

    // every acknowledged reading is stored (a few more may be stored whose ack the run did not wait for)
    const ids = (
      await t.http().get(`${API}/kiosks?q=SIM-${runId}&limit=50`).set(admin.auth).expect(200)
    ).body.items.map((k: { id: number }) => k.id);
    const stored: Array<{ serial: string; seq: string; cpu_temp: number }> = await t.app
      .get(DataSource)
      .query(
        `SELECT k.serial, t.seq, t.cpu_temp FROM telemetry t JOIN kiosks k ON k.id = t.kiosk_id WHERE t.kiosk_id = ANY($1::int[])`,
        [ids],
      );
    expect(stored.length).toBeGreaterThanOrEqual(summary.readings.acked);
    expect(stored.length).toBeLessThanOrEqual(summary.readings.sent);

    // the commands were acknowledged and succeeded
    for (const id of issued) {
      await eventually(async () => {
        const c = await t.http().get(`${API}/commands/${id}`).set(admin.auth).expect(200);
        expect(c.body.status).toBe('succeeded');
      }, 10_000);
    }
    expect(summary.commands.acksAcked).toBeGreaterThanOrEqual(6);

    // ground truth: one labelled line per reading sent, matching the stored reading by (serial, seq)
    const truth = new Map<string, GroundTruthLine>();
    for (const line of readFileSync(groundTruth, 'utf8').trim().split('\n')) {
      const g = JSON.parse(line) as GroundTruthLine;
      truth.set(`${g.serial}#${g.seq}`, g);
    }
    for (const row of stored) {
      const g = truth.get(`${row.serial}#${row.seq}`);
      expect(g).toBeDefined();
      expect(Math.abs(Number(g?.payload.hardware?.cpu_temp) - row.cpu_temp)).toBeLessThan(0.01);
    }
    const labels = new Set([...truth.values()].map((g) => g.label));
    expect(labels.has('normal')).toBe(true);
    expect(labels.size).toBeGreaterThan(1);

    // payments: every acknowledged sale is stored once, exactly, under the run's transaction ids
    // (malformed ones are refused; a few more may be stored whose ack the run did not wait for)
    const payments: Array<{
      transaction_id: string;
      serial: string;
      amount_minor: string;
      currency: string;
    }> = await t.app.get(DataSource).query(
      `SELECT p.transaction_id, k.serial, p.amount_minor, p.currency FROM payments p JOIN kiosks k ON k.id = p.kiosk_id
            WHERE p.kiosk_id = ANY($1::int[])`,
      [ids],
    );
    expect(summary.payments.acked).toBeGreaterThan(0);
    expect(payments.length).toBeGreaterThanOrEqual(summary.payments.acked);
    expect(payments.length).toBeLessThanOrEqual(summary.payments.sent);
    expect(new Set(payments.map((p) => p.transaction_id)).size).toBe(payments.length);
    for (const p of payments) {
      expect(p.transaction_id.startsWith(`${p.serial}-${runId}-`)).toBe(true);
      expect(Number(p.amount_minor)).toBeGreaterThan(0);
    }
    const paymentRows = await t.http().get(`${API}/payments?limit=200`).set(admin.auth).expect(200);
    expect(paymentRows.body.items.length).toBe(Math.min(200, payments.length));
  }, 90_000);
});

/** The most recent 12:00 UTC: the busy hour at both sites, and never in the future. */
function lastMiddayUtc(now = new Date()): string {
  const at = new Date(now);
  at.setUTCHours(12, 0, 0, 0);
  if (at > now) at.setUTCDate(at.getUTCDate() - 1);
  return at.toISOString();
}
