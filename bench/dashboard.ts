import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { launchChromium } from '../test/dashboard/support/browser';
import { DASHBOARD_DIST, ensureDashboardBuilt } from '../test/dashboard/support/build';
import { fillSignInForm } from '../test/dashboard/support/sign-in';
import { ADMIN, login, registerKiosks } from './lib/api-process';
import { BENCH_ADMIN_DB_URL, BENCH_REDIS_URL } from './lib/args';
import { positive } from './lib/cli';
import {
  fetchedJs,
  initialJs,
  Interactive,
  JsFile,
  LongTaskWindow,
  longTasksDuring,
  recordLongTasks,
  timeToInteractive,
} from './lib/dashboard-measure';
import { benchMain, Cleanups, guarded, launchBenchApi } from './lib/harness';
import { forkTs, RpcClient } from './lib/ipc';
import type { ConnectResult } from './lib/protocol';
import { fmt, Target } from './lib/report';
import { median, sleep } from './lib/stats';

/*
 * npm run bench:dashboard -- [--kiosks 10000] [--feed-rate 2000] [--seconds 15] [--runs 3] [--json]
 *
 * The built dashboard served by the built API (production mode, fresh database) with `--kiosks`
 * kiosks registered through REST, in Debian's Chromium: initial JS (gzip) from the build, time to
 * interactive of the overview and the kiosk list, then long tasks on each page while real kiosk
 * sockets (load-generator child) report so that the admin feed pushes `--feed-rate` events/s.
 */

interface Options {
  kiosks: number;
  feedRate: number;
  seconds: number;
  runs: number;
  quietMs: number;
  listPath: string;
  connectRate: number;
  json: boolean;
}

const USAGE = `npm run bench:dashboard -- [options]
  --kiosks N        kiosks registered (default 10000)
  --feed-rate R     admin feed events/s to push: min(N, R) kiosks report (default 2000)
  --seconds S       long-task window per page under the feed (default 15)
  --runs K          page loads per page for time to interactive; the median counts (default 3)
  --quiet-ms Q      main thread quiet this long after the content = interactive (default 2000)
  --list-path P     the kiosk list's route (default /kiosks)
  --connect-rate C  feed kiosks connected per second (default 500)
  --json            only the JSON line on stdout`;

function parse(argv: string[]): Options {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      kiosks: { type: 'string' },
      'feed-rate': { type: 'string' },
      seconds: { type: 'string' },
      runs: { type: 'string' },
      'quiet-ms': { type: 'string' },
      'list-path': { type: 'string' },
      'connect-rate': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (v.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return {
    kiosks: Math.round(positive('kiosks', v.kiosks, 10_000)),
    feedRate: positive('feed-rate', v['feed-rate'], 2000),
    seconds: positive('seconds', v.seconds, 15),
    runs: Math.round(positive('runs', v.runs, 3)),
    quietMs: positive('quiet-ms', v['quiet-ms'], 2000),
    listPath: v['list-path'] ?? '/kiosks',
    connectRate: positive('connect-rate', v['connect-rate'], 500),
    json: v.json === true,
  };
}

type Measured<T> = T | { error: string };

interface PageTiming {
  runs: Interactive[];
  medianContentMs: number;
  medianInteractiveMs: number;
}

interface FeedWindow extends LongTaskWindow {
  /** Admin feed events a socket of the bench received per second in the same window. */
  feedEventsPerSec: number;
}

interface Result {
  config: Omit<Options, 'json'> & { cores: number };
  setup: { apiReadySec: number; registerSec: number; feedKiosks: number; connectSec: number };
  initialJs: { files: JsFile[]; bytes: number; gzipBytes: number };
  /** Every JS file the overview had fetched once interactive (lazy chunks of its route included). */
  overviewJsGzipBytes: number;
  interactive: { overview: Measured<PageTiming>; kioskList: Measured<PageTiming> };
  feed: { overview: Measured<FeedWindow>; kioskList: Measured<FeedWindow> };
  consoleErrors: string[];
  wallSec: number;
  targets: Target[];
}

const t0 = performance.now();
let quiet = false;
const say = (msg: string) => {
  if (!quiet) console.error(`[bench +${((performance.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
};
const message = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0] : String(e)) as string;
const attempt = async <T>(what: string, fn: () => Promise<T>): Promise<Measured<T>> => {
  try {
    return await fn();
  } catch (e) {
    say(`${what}: ${message(e)}`);
    return { error: message(e) };
  }
};

/** The overview shows the fleet's size somewhere once its counts are in. */
const overviewReady = (kiosks: number) =>
  `(() => { const t = document.querySelector('main#main')?.textContent ?? '';
     return ${JSON.stringify([kiosks.toLocaleString('en-US'), String(kiosks)])}.some((s) => t.includes(s)); })()`;

/** The list shows rows of this bench's kiosks (a screenful, or all of them when fewer). */
const listReady = (serialPrefix: string, rows: number) =>
  `(() => { let hits = 0;
     for (const r of document.querySelectorAll('main#main tr, main#main [role="row"]'))
       if ((r.textContent ?? '').includes(${JSON.stringify(serialPrefix)})) hits++;
     return hits >= ${rows}; })()`;

async function timings(page: Page, o: Options, url: string, ready: string): Promise<PageTiming> {
  const runs: Interactive[] = [];
  for (let i = 0; i < o.runs; i++) runs.push(await timeToInteractive(page, url, ready, o.quietMs, 30_000));
  say(`${url}: interactive ${runs.map((r) => fmt(r.interactiveMs, 0)).join(' / ')} ms`);
  return {
    runs,
    medianContentMs: median(runs.map((r) => r.contentMs)),
    medianInteractiveMs: median(runs.map((r) => r.interactiveMs)),
  };
}

async function run(o: Options, cleanups: Cleanups): Promise<Result> {
  quiet = o.json;
  await ensureDashboardBuilt();
  const js = initialJs(DASHBOARD_DIST);
  const launched = await launchBenchApi(
    {
      adminUrl: BENCH_ADMIN_DB_URL,
      redisUrl: BENCH_REDIS_URL,
      dbName: `kiosk_bench_dash_${process.pid}`,
      redisPrefix: `bench:dash:${process.pid}:`,
      // Feed kiosks report every second: the liveness check must expect that.
      intervalSec: 1,
      apiNodeArgs: [],
      apiEnv: { DASHBOARD_TILE_URL: '' },
      say,
    },
    cleanups,
  );
  const { baseUrl } = launched;
  const gen = new RpcClient(forkTs('load-generator'), 'load generator');
  const started = performance.now();
  await launched.ready();
  const apiReadySec = (performance.now() - started) / 1000;
  const token = await login(baseUrl);

  let t = performance.now();
  const serialPrefix = `BENCH-DASH-${process.pid}`;
  const creds = await guarded(launched, registerKiosks(baseUrl, token, o.kiosks, serialPrefix));
  const registerSec = (performance.now() - t) / 1000;
  say(`registered ${creds.length} kiosks in ${registerSec.toFixed(1)} s`);

  const browser: Browser = await launchChromium();
  cleanups.push(() => browser.close());
  // bypassCSP: the bench's own probes (waitForFunction over a string) are evaluated in the page,
  // which the dashboard's CSP (no 'unsafe-eval') would refuse; the app's scripts are the same either way.
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 800 },
    bypassCSP: true,
  });
  await recordLongTasks(context);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  // Every load downloads and compiles the bundle again, as a first visit does.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await fillSignInForm(page, ADMIN);

  const listRows = Math.min(10, o.kiosks);
  const overview = await attempt('overview', () => timings(page, o, '/', overviewReady(o.kiosks)));
  const overviewJs = await fetchedJs(page, DASHBOARD_DIST);
  const kioskList = await attempt('kiosk list', () =>
    timings(page, o, o.listPath, listReady(serialPrefix, listRows)),
  );

  // The feed: real kiosk sockets reporting, and a socket of the bench on /admin counting what is pushed.
  const observer = io(`${baseUrl}/admin`, { auth: { token }, transports: ['websocket'], forceNew: true });
  let feedEvents = 0;
  observer.onAny(() => void feedEvents++);
  cleanups.push(async () => void observer.close());
  const feedKiosks = creds.slice(0, Math.min(o.kiosks, o.feedRate));
  t = performance.now();
  const conn = await guarded(
    launched,
    gen.call<ConnectResult>(
      'connect',
      { url: baseUrl, kiosks: feedKiosks, ratePerSec: o.connectRate },
      (feedKiosks.length / o.connectRate) * 1000 + 60_000,
    ),
  );
  const connectSec = (performance.now() - t) / 1000;
  say(`feed: ${conn.connected} kiosks connected in ${connectSec.toFixed(1)} s`);
  await gen.call('steadyStart', { intervalSec: feedKiosks.length / o.feedRate }, 10_000);
  await sleep(2000);

  const underFeed = async (url: string, ready: string): Promise<FeedWindow> => {
    await page.goto(url);
    await page.waitForFunction(ready, undefined, { timeout: 60_000 }).catch(() => {
      throw new Error(`${url} did not show its content within 60 s under the feed`);
    });
    await sleep(1000);
    const before = feedEvents;
    const w = await longTasksDuring(page, o.seconds);
    const feedEventsPerSec = (feedEvents - before) / o.seconds;
    say(
      `${url} under the feed (${fmt(feedEventsPerSec, 0)} events/s): ${w.count} long tasks, longest ${fmt(w.longestMs, 0)} ms`,
    );
    return { ...w, feedEventsPerSec };
  };
  const feed = {
    overview: await attempt('overview under feed', () => underFeed('/', overviewReady(o.kiosks))),
    kioskList: await attempt('kiosk list under feed', () =>
      underFeed(o.listPath, listReady(serialPrefix, listRows)),
    ),
  };
  await gen.call('steadyStop', null, 30_000);
  await gen.call('disconnect', null, 30_000);

  const { json: _json, ...config } = o;
  const partial = {
    config: { ...config, cores: cpus().length },
    setup: { apiReadySec, registerSec, feedKiosks: conn.connected, connectSec },
    initialJs: {
      files: js,
      bytes: js.reduce((s, f) => s + f.bytes, 0),
      gzipBytes: js.reduce((s, f) => s + f.gzipBytes, 0),
    },
    overviewJsGzipBytes: overviewJs.reduce((s, f) => s + f.gzipBytes, 0),
    interactive: { overview, kioskList },
    feed,
    consoleErrors: consoleErrors.slice(0, 20),
    wallSec: (performance.now() - t0) / 1000,
  };
  return { ...partial, targets: targets(partial) };
}

const ok = <T extends object>(m: Measured<T>): T | undefined => ('error' in m ? undefined : m);

function targets(r: Omit<Result, 'targets'>): Target[] {
  const kb = r.initialJs.gzipBytes / 1000;
  const tti = (name: string, m: Measured<PageTiming>): Target => {
    const v = ok(m)?.medianInteractiveMs ?? NaN;
    return { name: `${name} interactive (median)`, value: v, unit: 'ms', limit: '≤ 1500', pass: v <= 1500 };
  };
  const block = (name: string, m: Measured<FeedWindow>): Target => {
    const w = ok(m);
    return {
      name: `${name}: longest task under feed`,
      value: w?.longestMs ?? NaN,
      unit: `ms (${w ? `${w.count} over 50 ms` : 'not measured'})`,
      limit: '≤ 50',
      pass: w !== undefined && w.count === 0,
    };
  };
  return [
    { name: 'initial JS (gzip)', value: kb, unit: 'KB', limit: '≤ 300', pass: kb <= 300 },
    tti('overview', r.interactive.overview),
    tti('kiosk list', r.interactive.kioskList),
    block('overview', r.feed.overview),
    block('kiosk list', r.feed.kioskList),
  ];
}

function render(r: Result): string {
  const c = r.config;
  const rows = (title: string, list: Array<[string, string]>) => {
    const w = Math.max(...list.map(([k]) => k.length));
    return [`\n${title}`, ...list.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`)].join('\n');
  };
  const timing = (m: Measured<PageTiming>) => {
    const p = ok(m);
    if (!p) return `not measured: ${(m as { error: string }).error}`;
    return (
      `content ${fmt(p.medianContentMs, 0)} ms, interactive ${fmt(p.medianInteractiveMs, 0)} ms ` +
      `(runs: ${p.runs.map((x) => fmt(x.interactiveMs, 0)).join(' / ')}; long tasks while loading: ` +
      `${p.runs.map((x) => `${x.longTasks} (max ${fmt(x.longestTaskMs, 0)} ms)`).join(' / ')})`
    );
  };
  const feed = (m: Measured<FeedWindow>) => {
    const w = ok(m);
    if (!w) return `not measured: ${(m as { error: string }).error}`;
    return (
      `${fmt(w.feedEventsPerSec, 0)} feed events/s over ${w.seconds} s: ${w.count} long tasks, ` +
      `longest ${fmt(w.longestMs, 0)} ms, ${fmt(w.totalMs, 0)} ms in total`
    );
  };
  return [
    `dashboard bench — ${c.kiosks} kiosks, feed target ${c.feedRate} events/s, ${c.cores} cores ` +
      '(Chromium, the API, PostgreSQL and the kiosks share them)',
    rows('setup', [
      ['API ready after', `${fmt(r.setup.apiReadySec)} s`],
      ['kiosks registered', `${c.kiosks} in ${fmt(r.setup.registerSec)} s (REST)`],
      ['feed kiosks connected', `${r.setup.feedKiosks} in ${fmt(r.setup.connectSec)} s`],
    ]),
    rows('initial JS (index.html scripts and modulepreloads)', [
      ...r.initialJs.files.map((f): [string, string] => [
        f.file,
        `${fmt(f.bytes / 1000)} KB, gzip ${fmt(f.gzipBytes / 1000)} KB`,
      ]),
      ['total', `${fmt(r.initialJs.bytes / 1000)} KB, gzip ${fmt(r.initialJs.gzipBytes / 1000)} KB`],
      [
        'overview, all JS fetched',
        `gzip ${fmt(r.overviewJsGzipBytes / 1000)} KB (lazy route chunks included)`,
      ],
    ]),
    rows(
      `time to interactive (navigation start → content, then ${c.quietMs} ms without long tasks; cache off)`,
      [
        ['overview /', timing(r.interactive.overview)],
        [`kiosk list ${c.listPath}`, timing(r.interactive.kioskList)],
      ],
    ),
    rows('main thread under the live feed (Long Tasks API)', [
      ['overview /', feed(r.feed.overview)],
      [`kiosk list ${c.listPath}`, feed(r.feed.kioskList)],
    ]),
    rows('page console errors', [
      [
        'count',
        `${r.consoleErrors.length}${r.consoleErrors.length ? `: ${r.consoleErrors.slice(0, 3).join(' | ')}` : ''}`,
      ],
    ]),
    rows(
      'targets' +
        (c.kiosks === 10_000 && c.feedRate === 2000
          ? ''
          : ' (defined at 10,000 kiosks and 2,000 events/s: indicative here)'),
      r.targets.map((x) => [
        x.name,
        `${x.pass ? 'PASS' : 'FAIL'}  ${fmt(x.value, 1)} ${x.unit} (target ${x.limit})`,
      ]),
    ),
    `\nwall time ${fmt(r.wallSec)} s`,
  ].join('\n');
}

void benchMain<Options, Result>({
  parse,
  budgetSec: (o) => 300 + o.kiosks / 20 + o.runs * 60 + o.seconds * 4,
  run,
  render,
});
