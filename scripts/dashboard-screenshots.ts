import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import globalSetup from '../test/support/global-setup';
import globalTeardown from '../test/support/global-teardown';
import { ADMIN, API, startTestApp, TestApp } from '../test/support/test-app';
import {
  APP_MAIN,
  DASHBOARD_DIST,
  ensureDashboardBuilt,
  fillSignInForm,
  launchChromium,
  RunningSimulator,
  startSimulator,
} from '../test/dashboard/support';

/*
 * npm run docs:screenshots [-- --kiosks 30 --settle 75]
 *
 * The README's pictures of the dashboard, taken from the real thing: the API + worker (own
 * database and Redis prefix, as the browser tests run them) serving the built dashboard, the kiosk
 * simulator driving a mixed fleet (flapping links, failing card readers, slow networks, paper
 * jams), a few alert rules, users, a webhook and a maintenance window made through REST, then
 * Chromium signed in as admin saving one PNG per page under docs/screenshots/.
 */

const OUT = join(__dirname, '..', 'docs', 'screenshots');
const WIDE = { width: 1440, height: 900 };
const OVERVIEW = { width: 1440, height: 1440 };
const PHONE = { width: 360, height: 780 };

/** Faults from launch, so that alerts, failed payments and offline kiosks exist within a minute. */
const SCENARIO = [
  'flapping:3',
  'card_reader_silent_fail:3',
  'network_degradation:2',
  'printer_jam_storm:2',
  'overheat:2',
  'memory_leak:2',
].join(',');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (msg: string) => process.stderr.write(`[screenshots] ${msg}\n`);

function argNumber(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

/** REST as the admin, with plain fetch (the pictures need data, not the test client's checks). */
class Rest {
  private token = '';
  constructor(private readonly baseUrl: string) {}

  async login(): Promise<void> {
    const body = (await this.call('POST', '/auth/login', ADMIN, false)) as { accessToken: string };
    this.token = body.accessToken;
  }

  async call(method: string, path: string, body?: unknown, auth = true): Promise<unknown> {
    const res = await fetch(`${this.baseUrl}${API}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(auth ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }
}

interface KioskRow {
  id: number;
  serial: string;
  status: string;
}

/**
 * Rules the mixed fleet trips within a minute or two, beside the default set (offline after 300 s,
 * paper jams, hot CPUs…), so the inbox has something to say while the pictures are taken.
 */
const RULES = [
  {
    name: 'Kiosk link dropped',
    severity: 'critical',
    scope: { kind: 'all' },
    condition: { liveness: 'offline', forSeconds: 5 },
  },
  {
    name: 'Card payments failing',
    severity: 'major',
    scope: { kind: 'all' },
    condition: { event: 'payment_failed', count: 1, withinSeconds: 600 },
  },
  {
    name: 'Network latency high',
    severity: 'warning',
    scope: { kind: 'all' },
    condition: { field: 'network.latency', op: '>', value: 400 },
  },
];

async function seed(rest: Rest, hookUrl: string, kiosks: KioskRow[]): Promise<{ rolloutId: string }> {
  for (const rule of RULES) await rest.call('POST', '/alert-rules', rule);
  for (const [username, role] of [
    ['maria.lopez', 'operator'],
    ['j.fernandez', 'operator'],
    ['night-shift', 'viewer'],
    ['finance', 'viewer'],
  ]) {
    await rest.call('POST', '/users', { username, password: `pw-${username}-screens`, role });
  }
  const hook = (await rest.call('POST', '/webhooks', {
    url: hookUrl,
    events: ['alert.raised', 'alert.updated', 'kiosk.offline', 'payment.refunded'],
  })) as { id: string };
  await rest.call('POST', `/webhooks/${hook.id}/test`);
  const tomorrow = new Date(Date.now() + 24 * 3600_000);
  tomorrow.setUTCHours(22, 0, 0, 0);
  await rest.call('POST', '/maintenance-windows', {
    scope: { kind: 'kiosk', value: kiosks[0].id },
    startsAt: tomorrow.toISOString(),
    endsAt: new Date(tomorrow.getTime() + 4 * 3600_000).toISOString(),
    reason: 'Replacing the card reader',
  });
  // One kiosk blocked and one in maintenance, through the kiosks themselves (commands they obey).
  await rest.call('POST', `/kiosks/${kiosks[kiosks.length - 1].id}/commands`, {
    command: 'block',
    params: { reason: 'Vandalised screen' },
  });
  await rest.call('POST', `/kiosks/${kiosks[kiosks.length - 2].id}/commands`, {
    command: 'maintenance',
    params: { reason: 'Scheduled cleaning' },
  });
  // Two kiosks installed but never switched on: they stay offline.
  for (const [i, name] of ['Atocha station, hall A', 'Sol metro, exit 2'].entries()) {
    await rest.call('POST', '/kiosks', {
      serial: `MAD-NEW-00${i + 1}`,
      name,
      location: { lat: 40.4065 + i * 0.01, lng: -3.6895 - i * 0.01 },
      tags: ['madrid', 'new'],
    });
  }
  // Settings every station kiosk takes, and a firmware rollout whose canary wave ran: the next wave
  // waits out its pause, so the page shows what holds it.
  await rest.call('PUT', '/kiosk-configs/tags/station', {
    settings: { screen_brightness: 80, price_list_version: '2026-12', telemetry_interval_sec: 2 },
  });
  const rollout = (await rest.call('POST', '/rollouts', {
    name: 'Firmware 4.3.0 for the stations',
    command: 'update',
    params: { version: '4.3.0', url: 'https://updates.example/kiosk-4.3.0.img', sha256: 'ab'.repeat(32) },
    target: { tag: 'station' },
    waves: [10, 40, 50],
    failureThreshold: 0.2,
    waitSeconds: 3600,
  })) as { id: string };
  await rest.call('POST', `/rollouts/${rollout.id}/start`);
  return { rolloutId: rollout.id };
}

/** A receiver for the webhook, answering 204 like a healthy integration. */
function startHookReceiver(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${port}/hooks/kiosk-fleet` });
    }),
  );
}

async function simulatorKiosks(rest: Rest, sim: RunningSimulator): Promise<KioskRow[]> {
  const body = (await rest.call('GET', `/kiosks?q=SIM-${sim.runId}&limit=200`)) as { items: KioskRow[] };
  return body.items.sort((a, b) => a.id - b.id);
}

async function waitOnline(rest: Rest, sim: RunningSimulator, count: number): Promise<KioskRow[]> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const kiosks = await simulatorKiosks(rest, sim);
    const online = kiosks.filter((k) => k.status === 'online').length;
    // Flapping kiosks may be down at any instant: most of the fleet is enough.
    if (kiosks.length === count && online >= count - 3) return kiosks;
    if (Date.now() > deadline) throw new Error(`${online}/${count} kiosks online:\n${sim.output()}`);
    await sleep(1000);
  }
}

/** Lets lazy chunks, queries and charts settle, then saves the viewport. */
async function shoot(page: Page, name: string, ready?: string): Promise<void> {
  if (ready) await page.locator(ready).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await sleep(1500);
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  say(`saved ${name}.png`);
}

/** Client-side navigation through the address bar; signs in again if the session did not survive. */
async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  const landed = await Promise.race([
    page
      .locator(APP_MAIN)
      .waitFor({ state: 'visible', timeout: 20_000 })
      .then(() => 'app'),
    page
      .getByLabel('Password', { exact: true })
      .waitFor({ state: 'visible', timeout: 20_000 })
      .then(() => 'sign-in'),
  ]);
  if (landed === 'sign-in') await fillSignInForm(page, ADMIN, path);
}

async function capture(
  browser: Browser,
  baseUrl: string,
  kiosks: KioskRow[],
  rolloutId: string,
): Promise<void> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: WIDE, locale: 'en-US' });
  const page = await context.newPage();
  page.on('pageerror', (e) => say(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && say(`console error: ${m.text()}`));

  await page.goto('/');
  await shoot(page, 'sign-in', 'input[type="password"]');
  await fillSignInForm(page, ADMIN, '/');
  // All of the overview, map and attention lists included, in a window that tall (a full-page
  // capture would cut the viewport-high sidebar short).
  await page.setViewportSize(OVERVIEW);
  await shoot(page, 'overview', `${APP_MAIN} canvas`);
  await page.setViewportSize(WIDE);

  const pages: [string, string, string?][] = [
    ['kiosks', '/kiosks', `${APP_MAIN} [role="row"]`],
    ['kiosk', `/kiosks/${kiosks[1].id}`, `${APP_MAIN} canvas`],
    ['take-by-qr', '/kiosks/take'],
    ['alerts', '/alerts', `${APP_MAIN} [role="row"]`],
    ['payments', '/payments', `${APP_MAIN} canvas`],
    ['ai', '/ai'],
    ['admin-users', '/admin/users', `${APP_MAIN} [role="row"]`],
    ['admin-webhooks', '/admin/webhooks', `${APP_MAIN} [role="row"]`],
    ['admin-alert-rules', '/admin/alert-rules', `${APP_MAIN} [role="row"]`],
    ['maintenance', '/maintenance'],
    ['rollouts', '/rollouts', `${APP_MAIN} [role="row"]`],
    ['rollout', `/rollouts/${rolloutId}`, `${APP_MAIN} [role="row"]`],
    ['admin-tag-configs', '/admin/tag-configs'],
  ];
  for (const [name, path, ready] of pages) {
    await visit(page, path);
    await shoot(page, name, ready).catch((e: Error) => say(`${name}: ${e.message.split('\n')[0]}`));
  }

  await page.setViewportSize(PHONE);
  await visit(page, '/');
  await shoot(page, 'overview-360', `${APP_MAIN} canvas`);
  await visit(page, `/kiosks/${kiosks[1].id}`);
  await shoot(page, 'kiosk-360', `${APP_MAIN} canvas`);

  await page.setViewportSize(WIDE);
  await visit(page, '/');
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'es' }).click();
  await shoot(page, 'overview-es', `${APP_MAIN} canvas`);
  await context.close();
}

async function main(): Promise<void> {
  const kioskCount = Math.round(argNumber('kiosks', 30));
  const settleSec = argNumber('settle', 75);
  mkdirSync(OUT, { recursive: true });
  await ensureDashboardBuilt();
  const dist = mkdtempSync(join(tmpdir(), 'dashboard-screens-'));
  cpSync(DASHBOARD_DIST, dist, { recursive: true, filter: (src) => !src.endsWith('.map') });

  await globalSetup();
  let t: TestApp | undefined;
  let sim: RunningSimulator | undefined;
  let browser: Browser | undefined;
  const hook = await startHookReceiver();
  const cleanUp = async () => {
    await browser?.close();
    await sim?.stop();
    await t?.close();
    hook.server.close();
    await globalTeardown();
    rmSync(dist, { recursive: true, force: true });
  };
  // Ctrl-C must not leave the simulator running or a database behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }
  try {
    say('starting the API + worker');
    t = await startTestApp({
      withWorker: true,
      env: {
        DASHBOARD_DIST_DIR: dist,
        DASHBOARD_TILE_URL: '',
        TELEMETRY_INTERVAL_SEC: '2',
        RATE_LIMIT_ADMIN_PER_MIN: '0',
      },
    });
    const rest = new Rest(t.baseUrl);
    await rest.login();
    say(`starting the simulator: ${kioskCount} kiosks, ${SCENARIO}`);
    sim = startSimulator({
      baseUrl: t.baseUrl,
      admin: ADMIN,
      kiosks: kioskCount,
      intervalSec: 2,
      scenario: SCENARIO,
      tags: ['station'],
    });
    const kiosks = await waitOnline(rest, sim, kioskCount);
    const { rolloutId } = await seed(rest, hook.url, kiosks);
    say(`letting data accumulate for ${settleSec} s`);
    await sleep(settleSec * 1000);
    browser = await launchChromium();
    await capture(browser, t.baseUrl, kiosks, rolloutId);
  } finally {
    await cleanUp();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    say(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
