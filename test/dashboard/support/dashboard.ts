import type { Browser, Page } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The roles of CONTRACT §1, as the REST API spells them. */
export type RoleName = 'admin' | 'operator' | 'viewer';
import { ADMIN, API, Session, startTestApp, TestApp } from '../../support/test-app';
import { launchChromium, openTrackedPage, TrackedPage } from './browser';
import { DASHBOARD_DIST, ensureDashboardBuilt } from './build';
import { fillSignInForm } from './sign-in';
import { RunningSimulator, SimulatorOptions, startSimulator } from './simulator';

/*
 * One dashboard e2e file's world: the dashboard built, the real API + worker serving it at `/` on a
 * database and Redis prefix of its own, Chromium, and optionally the kiosk simulator. `useDashboard`
 * wires it into the file's Jest hooks; every page a test opens is checked after the test for console
 * errors and uncaught exceptions, then closed.
 */

export interface DashboardOptions {
  /** Extra API environment, e.g. `{ JWT_ACCESS_TTL_SEC: '30' }`. */
  env?: Record<string, string>;
  /** Start the simulator with these kiosks; the file starts once all of them are online. */
  simulator?: Omit<SimulatorOptions, 'baseUrl' | 'admin'>;
}

export interface PageOpenOptions {
  viewport?: { width: number; height: number };
  locale?: string;
  /** A .y4m file (writeQrY4m) the page's fake camera plays: the page gets a browser of its own. */
  fakeVideo?: string;
}

export interface DashboardUser {
  id: string;
  username: string;
  password: string;
  role: RoleName;
  /** A REST session of the same user, for set-up and for checking what the page shows. */
  session: Session;
}

export interface SimulatedKiosk {
  id: number;
  serial: string;
  code: string;
  status: string;
}

export interface Dashboard {
  readonly t: TestApp;
  readonly baseUrl: string;
  /** Present when the options asked for it. */
  readonly simulator: RunningSimulator | undefined;
  /** A new page (own context, so own session) at about:blank; relative URLs resolve to the app. */
  page(opts?: PageOpenOptions): Promise<Page>;
  /** An admin REST session, renewed before it could expire (files may shorten the access TTL). */
  admin(): Promise<Session>;
  /** A user of `role` created through REST (as admin), not signed in anywhere. */
  user(role: RoleName): Promise<DashboardUser>;
  /** Opens `/`, signs in through the form as a new user of `role` (or the one given), waits for the app. */
  signIn(page: Page, who: RoleName | DashboardUser): Promise<DashboardUser>;
  /** Assigns kiosks to an operator or viewer (admin REST), so that they see them. */
  assign(user: DashboardUser, kioskIds: number[]): Promise<void>;
  /** The simulator's kiosks as REST lists them now. */
  simulatorKiosks(): Promise<SimulatedKiosk[]>;
  /** Console errors of `page` matching `pattern` do not fail the test (e.g. an expected 401). */
  allowConsoleErrors(page: Page, pattern: RegExp): void;
}

/** The API settings every dashboard file wants: no map tiles from the Internet, no REST budget in the way. */
const DASHBOARD_TEST_ENV: Record<string, string> = {
  DASHBOARD_TILE_URL: '',
  RATE_LIMIT_ADMIN_PER_MIN: '0',
  RATE_LIMIT_OPERATOR_PER_MIN: '0',
  RATE_LIMIT_VIEWER_PER_MIN: '0',
  TELEMETRY_INTERVAL_SEC: '1',
};

/** Under the API's shortest access-token lifetime (30 s). */
const ADMIN_SESSION_REUSE_MS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface OpenPage extends TrackedPage {
  allowed: RegExp[];
  browser?: Browser;
}

/** Registers beforeAll/afterEach/afterAll hooks in the calling describe (or file) and returns the handle. */
export function useDashboard(opts: DashboardOptions = {}): Dashboard {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let simulator: RunningSimulator | undefined;
  let open: OpenPage[] = [];
  let distCopy: string | undefined;

  const app = (): TestApp => {
    if (!t) throw new Error('the dashboard is not started (use it inside tests, after beforeAll)');
    return t;
  };
  const tracked = (page: Page): OpenPage => {
    const p = open.find((o) => o.page === page);
    if (!p) throw new Error('not a page of this dashboard harness (open it with dashboard.page())');
    return p;
  };

  const closePages = async (): Promise<string[]> => {
    const problems: string[] = [];
    for (const p of open) {
      const errors = p.errors.filter((e) => !p.allowed.some((re) => re.test(e)));
      if (errors.length) problems.push(`${p.page.url()}:\n    ${errors.join('\n    ')}`);
      await p.context.close().catch(() => undefined);
      await p.browser?.close().catch(() => undefined);
    }
    open = [];
    return problems;
  };

  // TestApp.admin() keeps its first session for good; files that shorten JWT_ACCESS_TTL_SEC outlive it.
  let adminSession: { at: number; session: Promise<Session> } | undefined;
  const admin = (): Promise<Session> => {
    if (!adminSession || Date.now() - adminSession.at > ADMIN_SESSION_REUSE_MS) {
      adminSession = { at: Date.now(), session: app().login(ADMIN.username, ADMIN.password) };
    }
    return adminSession.session;
  };

  const user = async (role: RoleName): Promise<DashboardUser> => {
    const username = `${role}-${randomBytes(3).toString('hex')}`;
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const res = await app()
      .http()
      .post(`${API}/users`)
      .set((await admin()).auth)
      .send({ username, password, role });
    if (res.status !== 201) throw new Error(`create ${role}: ${res.status} ${JSON.stringify(res.body)}`);
    return {
      id: res.body.id as string,
      username,
      password,
      role,
      session: await app().login(username, password),
    };
  };

  const handle: Dashboard = {
    get t() {
      return app();
    },
    get baseUrl() {
      return app().baseUrl;
    },
    get simulator() {
      return simulator;
    },
    async page(o = {}) {
      const own = o.fakeVideo ? await launchChromium({ fakeVideo: o.fakeVideo }) : undefined;
      const target = own ?? browser;
      if (!target) throw new Error('the browser is not started');
      const p = await openTrackedPage(target, {
        baseUrl: app().baseUrl,
        viewport: o.viewport,
        locale: o.locale,
      });
      open.push({ ...p, allowed: [], browser: own });
      return p.page;
    },
    admin,
    user,
    async signIn(page, who) {
      const u = typeof who === 'string' ? await user(who) : who;
      await fillSignInForm(page, u);
      return u;
    },
    async assign(u, kioskIds) {
      const auth = (await admin()).auth;
      for (const id of kioskIds) {
        const kiosk = await app().http().get(`${API}/kiosks/${id}`).set(auth).expect(200);
        await app()
          .http()
          .post(`${API}/kiosks/assign`)
          .set(auth)
          .send({ code: kiosk.body.code as string, userId: u.id })
          .expect(200);
      }
    },
    async simulatorKiosks() {
      if (!simulator) throw new Error('no simulator: pass { simulator: { kiosks } } to useDashboard');
      const auth = (await admin()).auth;
      const res = await app()
        .http()
        .get(`${API}/kiosks?q=SIM-${simulator.runId}&limit=200`)
        .set(auth)
        .expect(200);
      return res.body.items as SimulatedKiosk[];
    },
    allowConsoleErrors(page, pattern) {
      tracked(page).allowed.push(pattern);
    },
  };

  beforeAll(async () => {
    await ensureDashboardBuilt();
    // The file serves its own copy of the build: a rebuild of dist/dashboard meanwhile (someone's
    // `vite build` empties it first) cannot pull the page from under a running test.
    distCopy = mkdtempSync(join(tmpdir(), 'dashboard-dist-'));
    cpSync(DASHBOARD_DIST, distCopy, { recursive: true, filter: (src) => !src.endsWith('.map') });
    t = await startTestApp({
      withWorker: true,
      env: { ...DASHBOARD_TEST_ENV, DASHBOARD_DIST_DIR: distCopy, ...opts.env },
    });
    browser = await launchChromium();
    if (opts.simulator) {
      simulator = startSimulator({ ...opts.simulator, baseUrl: t.baseUrl, admin: ADMIN });
      await waitForSimulatorOnline(handle, opts.simulator.kiosks, simulator);
    }
  }, 240_000);

  afterEach(async () => {
    const problems = await closePages();
    if (problems.length) {
      throw new Error(`the page logged errors or threw:\n  ${problems.join('\n  ')}`);
    }
  });

  afterAll(async () => {
    await closePages();
    await simulator?.stop();
    await browser?.close();
    await t?.close();
    if (distCopy) rmSync(distCopy, { recursive: true, force: true });
  }, 60_000);

  return handle;
}

async function waitForSimulatorOnline(
  d: Dashboard,
  count: number,
  sim: RunningSimulator,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let online = 0;
  while (Date.now() < deadline) {
    online = (await d.simulatorKiosks()).filter((k) => k.status === 'online').length;
    if (online >= count) return;
    await sleep(500);
  }
  throw new Error(
    `only ${online} of the simulator's ${count} kiosks came online in ${timeoutMs} ms; it said:\n${sim.output()}`,
  );
}
