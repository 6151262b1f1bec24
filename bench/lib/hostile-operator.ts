import { request as httpRequest } from 'node:http';
import { AttackTally, errorOutcome, repeat } from './attack-tally';
import { login } from './api-process';
import { serveRpc } from './ipc';
import { RawSocketIo } from './raw-socket-io';
import { sleep } from './stats';

/*
 * bench:hostile's hostile operator, in its own process: a phished operator account (assigned some
 * kiosks) repeating every REST and feed attack of issue 16 at once, each in its own loop, until
 * stopped. Each attack counts how the server answered (HTTP status, disconnects).
 */

export interface OperatorParams {
  url: string;
  operator: { username: string; password: string };
  /** Another user, whose username the password spray aims at. */
  victim: string;
  /** One of the operator's kiosks and one of its payments (for the raw refund command). */
  kioskId: number;
  paymentId: string;
  exportReaders: number;
  feedSockets: number;
}

const OWN_ADDRESS = '10.200.0.1';
const tally = new AttackTally();
let params: OperatorParams | undefined;
let token = '';
let running = false;
let loops: Array<Promise<void>> = [];
/** Aborts the requests in flight when the phase ends. */
let abort = new AbortController();
/** Closes whatever is held open (slow readers, feed sockets) when the phase ends. */
const holders = new Set<() => void>();

function p(): OperatorParams {
  if (!params) throw new Error('prepare first');
  return params;
}

const headers = (extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${token}`,
  'x-forwarded-for': OWN_ADDRESS,
  ...extra,
});

/** Retraining jobs seen so far: a 202 naming one of them is a deduplicated request. */
const jobs = new Set<string>();

/** `HTTP <status>`; for a 202 with a job id, whether the job is new. */
async function outcomeOf(res: Response): Promise<string> {
  const body = await res.text();
  if (res.status !== 202) return `HTTP ${res.status}`;
  let jobId: unknown;
  try {
    jobId = (JSON.parse(body) as { jobId?: unknown }).jobId;
  } catch {
    return 'HTTP 202';
  }
  if (typeof jobId !== 'string' && typeof jobId !== 'number') return 'HTTP 202';
  if (jobs.has(String(jobId))) return 'HTTP 202, a job already queued';
  jobs.add(String(jobId));
  return 'HTTP 202, a new job';
}

async function http(attack: string, path: string, init: RequestInit): Promise<void> {
  try {
    const res = await fetch(`${p().url}/api/v1${path}`, { ...init, signal: abort.signal });
    tally.count(attack, await outcomeOf(res));
  } catch (e) {
    if (running) tally.count(attack, errorOutcome(e));
  }
}

/** A labelled-telemetry CSV whose header has `columns` columns, and `rows` rows as wide. */
function wideCsv(columns: number, rows: number): Blob {
  const header = Array.from({ length: columns }, (_, i) => `c${i}`).join(',');
  const row = ','.repeat(columns - 1);
  return new Blob([header, ...Array.from({ length: rows }, () => `\n${row}`), '\n']);
}

function wideHeaderForm(): FormData {
  const form = new FormData();
  form.append('file', wideCsv(200_000, 5), 'wide.csv');
  return form;
}

function manyFieldsForm(): FormData {
  const form = new FormData();
  for (let i = 0; i < 3000; i++) form.append(`field${i}`, 'x');
  form.append('file', new Blob(['temperature,label\n24.1,normal\n']), 'small.csv');
  return form;
}

/**
 * GET /payments/export.csv, then never read: the response waits in the kernel and in the server.
 * Held until the server ends it or the phase does; then the next one starts.
 */
function slowExport(attack: string): Promise<void> {
  const started = performance.now();
  return new Promise<void>((resolve) => {
    let settled = false;
    const done = (outcome: string) => {
      if (settled) return;
      settled = true;
      holders.delete(release);
      tally.count(attack, outcome);
      resolve();
    };
    const req = httpRequest(`${p().url}/api/v1/payments/export.csv`, { headers: headers(), agent: false });
    let answered = false;
    const release = () => {
      done(answered ? 'HTTP 200, held unread until the phase ended' : 'no answer until the phase ended');
      req.destroy();
    };
    holders.add(release);
    req.on('response', (res) => {
      res.pause();
      if (res.statusCode !== 200) {
        done(`HTTP ${res.statusCode}`);
        return void req.destroy();
      }
      answered = true;
      res.socket.once('close', () => {
        const sec = (performance.now() - started) / 1000;
        done(`HTTP 200, then cut by the server after ${sec < 10 ? '< 10' : '≥ 10'} s`);
      });
    });
    req.on('error', (e) => done(errorOutcome(e)));
    req.end();
  });
}

/** An /admin feed socket that never reads (but answers the heartbeat), until the server drops it. */
async function deafFeed(attack: string): Promise<void> {
  const opened = await RawSocketIo.connect(p().url, '/admin', { token });
  if ('refused' in opened) {
    tally.count(attack, opened.refused);
    return sleep(1000);
  }
  const socket = opened.socket;
  // Connected after the phase ended: not part of it.
  if (!running) return socket.close();
  socket.pauseReading();
  const started = performance.now();
  let released = false;
  const release = () => {
    released = true;
  };
  holders.add(release);
  while (running && !released && !socket.closedHow) await sleep(250);
  holders.delete(release);
  if (socket.closedHow) {
    const sec = (performance.now() - started) / 1000;
    tally.count(attack, `dropped by the server after ${sec < 10 ? '< 10' : '≥ 10'} s`);
  } else {
    tally.count(attack, 'open until the phase ended');
  }
  socket.close();
}

function randomAddress(): string {
  const b = () => Math.floor(Math.random() * 254) + 1;
  return `${b()}.${b()}.${b()}.${b()}`;
}

function startLoops(): Array<Promise<void>> {
  const o = p();
  const on = () => running;
  const json = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: headers({ 'content-type': 'application/json' }),
    body: JSON.stringify(body),
  });
  const wide = 'POST /ai/datasets, 200,000-column CSV header';
  const fields = 'POST /ai/datasets, 3,000 multipart fields';
  const slow = `${o.exportReaders} slow readers of /payments/export.csv`;
  const refund = 'raw refund command (POST /kiosks/{id}/commands)';
  const retrain = 'retrain flood: 10 × POST /ai/models/retrain every 2 s';
  const spray = 'wrong passwords for another user from random IPs';
  const feed = `${o.feedSockets} /admin feed sockets that never read`;
  const times = <T>(n: number, fn: () => T) => Array.from({ length: n }, fn);
  return [
    // Two at once: the per-user cap on concurrent uploads is part of what is attacked.
    ...times(2, () =>
      repeat(tally, wide, on, () =>
        http(wide, '/ai/datasets', { method: 'POST', headers: headers(), body: wideHeaderForm() }),
      ),
    ),
    repeat(tally, fields, on, () =>
      http(fields, '/ai/datasets', { method: 'POST', headers: headers(), body: manyFieldsForm() }),
    ),
    ...times(o.exportReaders, () => repeat(tally, slow, on, () => slowExport(slow), 1000)),
    repeat(
      tally,
      refund,
      on,
      () =>
        http(
          refund,
          `/kiosks/${o.kioskId}/commands`,
          json({ command: 'refund', params: { payment_id: o.paymentId } }),
        ),
      200,
    ),
    repeat(
      tally,
      retrain,
      on,
      async () =>
        void (await Promise.all(
          times(10, () => http(retrain, '/ai/models/retrain', json({ dataSource: 'synthetic' }))),
        )),
      2000,
    ),
    ...times(2, () =>
      repeat(
        tally,
        spray,
        on,
        () =>
          http(spray, '/auth/login', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': randomAddress() },
            body: JSON.stringify({ username: o.victim, password: `wrong-password-${Math.random()}` }),
          }),
        100,
      ),
    ),
    ...times(o.feedSockets, () => repeat(tally, feed, on, () => deafFeed(feed), 500)),
  ];
}

serveRpc({
  prepare: async (x) => {
    params = x as OperatorParams;
    token = await login(params.url, params.operator, { 'x-forwarded-for': OWN_ADDRESS });
  },
  start: () => {
    running = true;
    abort = new AbortController();
    loops = startLoops();
  },
  stop: async () => {
    running = false;
    abort.abort();
    for (const release of [...holders]) release();
    await Promise.all(loops);
    return { tally: tally.get() };
  },
});
