import { readFileSync } from 'node:fs';
import { FaultTopology, WEBHOOK_EVENTS } from './fault-topology';
import { sleep } from './stats';

/*
 * The faults, one after the other, each on a fresh simulator run through HAProxy: steady traffic,
 * the fault, recovery, a tail of steady traffic, then the accounting. Readings: acknowledged on the
 * simulator side vs rows stored by (serial, seq, ts). Commands: issued through REST vs run by the
 * command kiosks (by command_id). Webhooks: events in the outbox vs ids the receiver got.
 */

export type FaultName = 'api-kill' | 'pg-outage' | 'redis-restart' | 'worker-kill' | 'reconnect-storm';
export const FAULTS: FaultName[] = [
  'api-kill',
  'pg-outage',
  'redis-restart',
  'worker-kill',
  'reconnect-storm',
];

export interface FaultPlan {
  kiosks: number;
  /** Kiosks of the reconnect storm (the bench: 10,000). */
  stormKiosks: number;
  pgOutageSec: number;
  /** Outbox events committed at once before the worker is killed. */
  webhookBurst: number;
  connectRate: number;
  /** How long recovery may take before the fault is reported as not recovered. */
  recoveryTimeoutSec: number;
  /**
   * The same for the worker kill: the deliveries it held wait for Bull's stalled-job check (their
   * lock expires after 30 s, the check runs every 30 s).
   */
  workerRecoveryTimeoutSec: number;
  /** Steady traffic after recovery, before the accounting (readings resent, commands settled). */
  tailSec: number;
  /** One command issued every this many ms during the phase. */
  commandEveryMs: number;
  /**
   * How long the accounting waits for the phase's webhook events. A job Redis lost is re-enqueued by
   * the delivery sweeper (every 30 s, once 60 s overdue): up to ~90 s.
   */
  webhookWaitSec: number;
}

export interface FaultLine {
  fault: FaultName;
  kiosks: number;
  acked: number;
  stored: number;
  lost: number;
  duplicates: number;
  /** Readings sent but never acknowledged (held or dropped by the simulator at the end). */
  unacked: number;
  commandsIssued: number;
  commandsExecuted: number;
  commandsDoubleRun: number;
  webhookEvents: number;
  webhooksReceived: number;
  /** Seconds after the phase's end until the receiver had every event (or the wait ran out). */
  webhooksWaitedSec: number;
  /** Deliveries the receiver got beyond one per event id (at-least-once: integrators dedupe by X-Webhook-Id). */
  webhookRedeliveries: number;
  /** Kiosks whose status read `offline` while every kiosk was connected to a live instance. */
  offlineWhileConnected: number;
  /** From the fault until HAProxy routes, every kiosk is connected and readings are stored again; null: never. */
  recoveredSec: number | null;
  ackP99Ms: number | null;
  /** The simulator's ack and connection errors by code (rate_limited, ack_timeout, connect:…). */
  simErrors: Record<string, number>;
}

export function formatFaultLine(l: FaultLine): string {
  return (
    `fault=${l.fault} kiosks=${l.kiosks} acked=${l.acked} stored=${l.stored} lost=${l.lost} ` +
    `duplicates=${l.duplicates} commands_double_run=${l.commandsDoubleRun} ` +
    `recovered_s=${l.recoveredSec === null ? 'never' : l.recoveredSec.toFixed(1)} ` +
    `unacked=${l.unacked} commands=${l.commandsExecuted}/${l.commandsIssued} ` +
    `webhooks=${l.webhooksReceived}/${l.webhookEvents} webhooks_after_s=${l.webhooksWaitedSec.toFixed(1)} webhook_redeliveries=${l.webhookRedeliveries} offline_while_connected=${l.offlineWhileConnected} ` +
    `ack_p99_ms=${l.ackP99Ms ?? '-'} sim_errors=${
      Object.entries(l.simErrors)
        .map(([k, v]) => `${k}:${v}`)
        .join(',') || '-'
    }`
  );
}

interface Ctx {
  t: FaultTopology;
  plan: FaultPlan;
  /** Set by a fault when its own work is over too (the worker kill: the burst delivered). */
  extraRecovered?: () => boolean;
}

async function inject(fault: FaultName, c: Ctx): Promise<void> {
  const { t, plan } = c;
  switch (fault) {
    case 'api-kill':
      // Its kiosks reconnect through HAProxy to the other instance at once; the killed one is
      // restarted right away, and runFault waits for it before the next fault.
      await t.cluster.kill(t.cluster.apis[0] ?? null, 'SIGKILL');
      t.cluster.startApi(0);
      return;
    case 'pg-outage':
      t.pg.stop();
      await sleep(plan.pgOutageSec * 1000);
      return t.pg.start();
    case 'redis-restart':
      await t.redis.shutdownNoSave();
      return t.redis.start();
    case 'worker-kill':
      return killWorkerMidBurst(c);
    case 'reconnect-storm':
      // Every kiosk connection runs through HAProxy: killing it drops them all at the same instant.
      await t.cluster.killHaproxy('SIGKILL');
      t.cluster.startHaproxy();
      return t.cluster.waitLbReady();
  }
}

async function killWorkerMidBurst(c: Ctx): Promise<void> {
  const { t, plan } = c;
  const { rows } = await t.db.query<{ event_id: string }>(
    `INSERT INTO outbox (event_type, kiosk_id, occurred_at, payload)
     SELECT 'alert.raised', NULL, now(), jsonb_build_object('id', 'fault-' || n, 'severity', 'major',
            'title', 'Fault suite alert', 'kioskId', NULL)
       FROM generate_series(1, $1::int) AS n
     RETURNING event_id`,
    [plan.webhookBurst],
  );
  const burst = rows.map((r) => r.event_id);
  const got = () => burst.filter((id) => t.receiver.received.has(id)).length;
  const deadline = Date.now() + 30_000;
  while (got() < burst.length * 0.1 && Date.now() < deadline) await sleep(20);
  await t.cluster.kill(t.cluster.worker, 'SIGKILL');
  await sleep(1000);
  t.cluster.startWorker();
  c.extraRecovered = () => got() === burst.length;
}

/** Issues a `restart` to the command kiosks in turn through HAProxy until stopped. */
function issueCommands(t: FaultTopology, everyMs: number): { ids: string[]; stop: () => Promise<void> } {
  const ids: string[] = [];
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const k = t.commandCreds[i % t.commandCreds.length];
      if (!k) return;
      try {
        const res = await fetch(`${t.url}/api/v1/kiosks/${k.id}/commands`, {
          method: 'POST',
          headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ command: 'restart' }),
          signal: AbortSignal.timeout(5000),
        });
        // Refused while PostgreSQL is away (5xx): not issued, not counted.
        if (res.status === 202) ids.push(((await res.json()) as { id: string }).id);
        else await res.arrayBuffer();
      } catch {
        // HAProxy restarting, or the request timed out
      }
      await sleep(everyMs);
    }
  })();
  return {
    ids,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

async function maxOutboxId(t: FaultTopology): Promise<number> {
  const { rows } = await t.db.query<{ m: string | null }>('SELECT max(id) AS m FROM outbox');
  return Number(rows[0]?.m ?? 0);
}

async function storedSince(t: FaultTopology, since: Date): Promise<boolean> {
  try {
    const { rows } = await t.db.query('SELECT 1 FROM telemetry WHERE received_at > $1 LIMIT 1', [since]);
    return rows.length > 0;
  } catch {
    return false;
  }
}

async function waitRecovered(
  c: Ctx,
  total: number,
  injectedAt: number,
  faultOver: Date,
): Promise<number | null> {
  const limitSec = c.extraRecovered ? c.plan.workerRecoveryTimeoutSec : c.plan.recoveryTimeoutSec;
  const deadline = injectedAt + limitSec * 1000;
  while (Date.now() < deadline) {
    const ok =
      (await c.t.lbReady()) &&
      (await c.t.socketsOpen()) >= total &&
      (await storedSince(c.t, faultOver)) &&
      (c.extraRecovered?.() ?? true);
    if (ok) return (Date.now() - injectedAt) / 1000;
    await sleep(250);
  }
  return null;
}

/** Kiosks of this phase (the simulator takes the first `kiosks` of its credentials) shown offline. */
async function offlineWhileConnected(t: FaultTopology, kiosks: number): Promise<number> {
  const ids = [...t.creds.slice(0, kiosks), ...t.commandCreds].map((c) => c.id);
  const { rows } = await t.db.query<{ n: string }>(
    `SELECT count(*) AS n FROM kiosk_state WHERE kiosk_id = ANY($1::int[]) AND status = 'offline'`,
    [ids],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Readings: the simulator's ground truth (every reading sent) against the rows stored. */
async function countReadings(
  t: FaultTopology,
  groundTruth: string,
): Promise<{ stored: number; duplicates: number; sent: number }> {
  const sent = new Set<string>();
  let minTs = Infinity;
  let maxTs = -Infinity;
  for (const line of readFileSync(groundTruth, 'utf8').split('\n')) {
    if (!line) continue;
    const g = JSON.parse(line) as { serial: string; seq: number; payload: { timestamp?: string } };
    const ts = Date.parse(g.payload.timestamp ?? '');
    sent.add(`${g.serial}#${g.seq}#${ts}`);
    minTs = Math.min(minTs, ts);
    maxTs = Math.max(maxTs, ts);
  }
  if (!sent.size) return { stored: 0, duplicates: 0, sent: 0 };
  const { rows } = await t.db.query<{ serial: string; seq: string; ms: string; n: string }>(
    `SELECT k.serial, t.seq, (extract(epoch FROM t.ts) * 1000)::bigint AS ms, count(*) AS n
       FROM telemetry t JOIN kiosks k ON k.id = t.kiosk_id
      WHERE k.serial LIKE $1 AND t.ts BETWEEN $2 AND $3
      GROUP BY 1, 2, 3`,
    [`${t.serialPrefix}-S-%`, new Date(minTs), new Date(maxTs)],
  );
  let stored = 0;
  let duplicates = 0;
  for (const r of rows) {
    if (!sent.has(`${r.serial}#${r.seq}#${r.ms}`)) continue;
    stored++;
    duplicates += Number(r.n) - 1;
  }
  return { stored, duplicates, sent: sent.size };
}

async function countWebhooks(t: FaultTopology, fromId: number, toId: number, waitMs: number) {
  const { rows } = await t.db.query<{ event_id: string }>(
    'SELECT event_id FROM outbox WHERE id > $1 AND id <= $2 AND event_type = ANY($3)',
    [fromId, toId, WEBHOOK_EVENTS],
  );
  const ids = rows.map((r) => r.event_id);
  const started = Date.now();
  const deadline = started + waitMs;
  const received = () => ids.filter((id) => t.receiver.received.has(id)).length;
  while (received() < ids.length && Date.now() < deadline) await sleep(200);
  const waitedSec = (Date.now() - started) / 1000;
  const counts = t.receiver.counts;
  const redeliveries = ids.reduce((n, id) => n + Math.max(0, (counts.get(id) ?? 0) - 1), 0);
  return { events: ids.length, received: received(), redeliveries, waitedSec };
}

export async function runFault(t: FaultTopology, plan: FaultPlan, fault: FaultName): Promise<FaultLine> {
  const say = t.o.say;
  const c: Ctx = { t, plan };
  const kiosks = fault === 'reconnect-storm' ? plan.stormKiosks : plan.kiosks;
  const total = kiosks + t.commandCreds.length;
  const outboxFrom = await maxOutboxId(t);
  const sim = t.startSim(fault, kiosks, plan.connectRate);
  if (!(await t.waitSockets(total, (kiosks / plan.connectRate) * 1000 + 60_000))) {
    throw new Error(`${fault}: ${total} kiosks did not all connect (${await t.socketsOpen()} open)`);
  }
  const commands = issueCommands(t, plan.commandEveryMs);
  await sleep(t.o.intervalSec * 1000);

  say(`${fault}: injecting`);
  const injectedAt = Date.now();
  await inject(fault, c);
  const faultOver = new Date();
  const recoveredSec = await waitRecovered(c, total, injectedAt, faultOver);
  say(`${fault}: recovered after ${recoveredSec ?? 'never'} s; tail ${plan.tailSec} s`);
  await Promise.all([sleep(plan.tailSec * 1000), t.cluster.waitApiReady(0), t.cluster.waitApiReady(1)]);
  const offline = await offlineWhileConnected(t, kiosks);
  await commands.stop();
  const settle = Date.now() + 20_000;
  while (t.commands.tally(commands.ids).executed < commands.ids.length && Date.now() < settle)
    await sleep(200);
  const cmd = t.commands.tally(commands.ids);
  const outboxTo = await maxOutboxId(t);
  const summary = await sim.stop();
  const readings = await countReadings(t, sim.groundTruth);
  const webhooks = await countWebhooks(t, outboxFrom, outboxTo, plan.webhookWaitSec * 1000);
  const acked = summary.readings.acked;
  return {
    fault,
    kiosks,
    acked,
    stored: readings.stored,
    lost: Math.max(0, acked - readings.stored),
    duplicates: readings.duplicates,
    unacked: Math.max(0, readings.sent - acked),
    commandsIssued: commands.ids.length,
    commandsExecuted: cmd.executed,
    commandsDoubleRun: cmd.doubleRuns,
    webhookEvents: webhooks.events,
    webhooksReceived: webhooks.received,
    webhookRedeliveries: webhooks.redeliveries,
    webhooksWaitedSec: webhooks.waitedSec,
    offlineWhileConnected: offline,
    recoveredSec,
    ackP99Ms: summary.ackLatencyMs.p99,
    simErrors: summary.errors,
  };
}

/** Every fault in turn on one topology; prints each line as soon as it is known. */
export async function runFaults(
  t: FaultTopology,
  plan: FaultPlan,
  faults: readonly FaultName[],
  print: (line: string) => void,
): Promise<FaultLine[]> {
  const lines: FaultLine[] = [];
  for (const f of faults) {
    const line = await runFault(t, plan, f);
    print(formatFaultLine(line));
    lines.push(line);
  }
  return lines;
}
