import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import type { AdminFeedEventName, AlertView } from '@app/contracts';
import { emitWithAck, joinedKiosk, kioskUpdate, RegisteredKiosk, registerKiosk } from './kiosks';
import { API, Session, TestApp } from './test-app';

/** The modules alert tests stand on (the others are not needed, and not in the way). */
export const ALERT_TEST_MODULES = 'kiosk,telemetry,alert';

export interface AlertFeed {
  socket: Socket;
  /** alert_raised / alert_updated payloads received, in order. */
  alerts: { event: AdminFeedEventName; alert: AlertView }[];
  close(): void;
}

/** A real socket.io-client on `/admin` collecting alert events. */
export function connectAlertFeed(t: TestApp, session: Session): Promise<AlertFeed> {
  const socket = io(`${t.baseUrl}/admin`, {
    auth: { token: session.accessToken },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const feed: AlertFeed = { socket, alerts: [], close: () => socket.close() };
  for (const event of ['alert_raised', 'alert_updated'] as const) {
    socket.on(event, (alert: AlertView) => feed.alerts.push({ event, alert }));
  }
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(feed));
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
}

/** Creates a rule as admin and returns its id. */
export async function createRule(t: TestApp, rule: Record<string, unknown>): Promise<string> {
  const res = await t
    .http()
    .post(`${API}/alert-rules`)
    .set((await t.admin()).auth)
    .send({ severity: 'major', scope: { kind: 'all' }, forSeconds: 0, ...rule });
  if (res.status !== 201) throw new Error(`create rule failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** Disables the rules seeded by the migration, so a test sees only its own. */
export async function disableSeededRules(t: TestApp): Promise<void> {
  const admin = await t.admin();
  const res = await t.http().get(`${API}/alert-rules?limit=200`).set(admin.auth).expect(200);
  for (const r of res.body.items as { id: string }[]) {
    await t.http().patch(`${API}/alert-rules/${r.id}`).set(admin.auth).send({ enabled: false }).expect(200);
  }
}

export async function alertsOf(t: TestApp, kioskId: number, session?: Session): Promise<AlertView[]> {
  const res = await t
    .http()
    .get(`${API}/alerts?kioskId=${kioskId}&limit=200`)
    .set((session ?? (await t.admin())).auth)
    .expect(200);
  return res.body.items as AlertView[];
}

/** The app's own data source, to look at tables the API does not show (outbox, telemetry seeding). */
export const dataSourceOf = (t: TestApp): DataSource => t.app.get(DataSource);

/** A registered, connected and joined kiosk, and the seq of the last reading it sent. */
export interface OnlineKiosk {
  k: RegisteredKiosk;
  socket: Socket;
  seq: { n: number };
}

/** Registers a kiosk and joins it; its socket goes to `sockets` for the caller to close. */
export async function onlineKiosk(t: TestApp, sockets: Socket[], tags: string[] = []): Promise<OnlineKiosk> {
  const k = await registerKiosk(t, { tags });
  const socket = await joinedKiosk(t, k, sockets);
  return { k, socket, seq: { n: 0 } };
}

/** The kiosk clock of sendTemperature: readings are `sec` seconds after a fixed T0, not now. */
const T0 = Date.parse('2026-11-25T10:00:00.000Z');

/** Sends the kiosk's next reading, `temperature` at T0 + `sec`; it must be stored. */
export async function sendTemperature(kiosk: OnlineKiosk, sec: number, temperature: number): Promise<void> {
  const ack = await emitWithAck(
    kiosk.socket,
    'kiosk_update',
    kioskUpdate(
      ++kiosk.seq.n,
      { environmental: { temperature, humidity: 51.0, air_quality: 37.5 } },
      new Date(T0 + sec * 1000),
    ),
  );
  expect(ack).toEqual({ ok: true });
}

/** An alert as the API shows it, open and fresh; override what the test is about. */
export function alertView(over: Partial<AlertView> & Pick<AlertView, 'id' | 'kioskId'>): AlertView {
  const now = new Date().toISOString();
  return {
    ruleId: null,
    type: 'threshold',
    severity: 'major',
    status: 'open',
    muted: false,
    title: 'CPU temperature high',
    occurrences: 1,
    firstSeenAt: now,
    lastSeenAt: now,
    acknowledgedBy: null,
    acknowledgedAt: null,
    resolvedBy: null,
    resolvedAt: null,
    falsePositive: null,
    explanation: null,
    incidentId: null,
    ...over,
  };
}
