import { DataSource } from 'typeorm';
import { AlertView, OutboxEvent, Role } from '@app/contracts';
import { writeOutbox } from '@app/database';
import { alertView } from './support/alerts';
import { eventually, registerKiosk } from './support/kiosks';
import { startSmtpServer, startWebhookReceiver } from './support/notification-receivers';
import { API, startTestApp, TestApp } from './support/test-app';

const WINDOW_SEC = 4;
const SECRET = 'notifications-secret-0123456789';

describe('email notifications: policies, templates, budgets and digests, reminders', () => {
  let t: TestApp;
  let ds: DataSource;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({
      withWorker: true,
      env: {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        PUBLIC_BASE_URL: 'https://fleet.example.test/',
        NOTIFICATION_BUDGET_PER_WINDOW: '2',
        NOTIFICATION_BUDGET_WINDOW_SEC: String(WINDOW_SEC),
        NOTIFICATION_REMINDER_SEC: '1',
      },
    });
    ds = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const policy = async (body: object) =>
    (
      await t
        .http()
        .post(`${API}/notification-policies`)
        .set((await t.admin()).auth)
        .send(body)
        .expect(201)
    ).body as { id: string };

  /** Commits alert events the way the alert module does: in a transaction, through the outbox. */
  const raise = (alerts: AlertView[], type: 'alert.raised' | 'alert.updated' = 'alert.raised') =>
    ds.transaction((m) =>
      writeOutbox(
        m,
        // The bare alert for both types: what routing reads of an `alert.updated` is the alert.
        alerts.map((a) => ({ type, kioskId: a.kioskId, occurredAt: new Date(), data: a }) as OutboxEvent),
      ),
    );

  const mailsTo = (address: string) => smtp.emails.filter((e) => e.to.includes(address));

  it('manages policies as admin only, validating recipients and severity', async () => {
    const admin = (await t.admin()).auth;
    const created = await t
      .http()
      .post(`${API}/notification-policies`)
      .set(admin)
      .send({ channel: 'email', recipients: ['crud@example.test'], minSeverity: 'critical', tags: ['north'] })
      .expect(201);
    expect(created.body).toMatchObject({
      channel: 'email',
      recipients: ['crud@example.test'],
      minSeverity: 'critical',
      tags: ['north'],
    });
    const id = created.body.id as string;
    const patched = await t
      .http()
      .patch(`${API}/notification-policies/${id}`)
      .set(admin)
      .send({ minSeverity: 'warning', tags: null })
      .expect(200);
    expect(patched.body).toMatchObject({ minSeverity: 'warning', tags: null });
    const list = await t.http().get(`${API}/notification-policies`).set(admin).expect(200);
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain(id);

    for (const [body, field] of [
      [{ channel: 'sms', recipients: ['a@example.test'], minSeverity: 'major' }, 'channel'],
      [{ channel: 'email', recipients: ['not-an-email'], minSeverity: 'major' }, 'recipients'],
      [{ channel: 'email', recipients: [], minSeverity: 'major' }, 'recipients'],
      [{ channel: 'email', recipients: ['a@example.test'], minSeverity: 'severe' }, 'minSeverity'],
    ] as const) {
      const res = await t.http().post(`${API}/notification-policies`).set(admin).send(body).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const viewer = await t.userWithRole(Role.Viewer);
    await t.http().get(`${API}/notification-policies`).set(viewer.auth).expect(403);

    await t.http().delete(`${API}/notification-policies/${id}`).set(admin).expect(204);
    await t.http().get(`${API}/notification-policies/${id}`).set(admin).expect(404);
  });

  it('sends an overheat alert as a signed webhook and as an email naming kiosk, location, explanation and link', async () => {
    const k = await registerKiosk(t, { name: 'Retiro Hall B', tags: ['north'] });
    await policy({
      channel: 'email',
      recipients: ['north@example.test'],
      minSeverity: 'major',
      tags: ['north'],
    });
    await policy({
      channel: 'email',
      recipients: ['south@example.test'],
      minSeverity: 'major',
      tags: ['south'],
    });
    await policy({ channel: 'email', recipients: ['critical-only@example.test'], minSeverity: 'critical' });
    const r = await startWebhookReceiver(SECRET);
    try {
      await t
        .http()
        .post(`${API}/webhooks`)
        .set((await t.admin()).auth)
        .send({ url: r.url, events: ['alert.raised'], secret: SECRET })
        .expect(201);
      const alert = alertView({
        id: '00000000-0000-4000-8000-000000000001',
        kioskId: k.id,
        explanation: [
          { feature: 'cpu_temp', value: 97, contribution: 0.8, text: 'CPU at 97 °C, usually 55 °C' },
        ],
      });
      const [eventId] = await raise([alert]);

      const [mail] = await eventually(async () => {
        expect(mailsTo('north@example.test')).toHaveLength(1);
        return mailsTo('north@example.test');
      });
      expect(mail.subject).toBe(`[MAJOR] CPU temperature high at Retiro Hall B — raised`);
      for (const part of [mail.text, mail.html]) {
        expect(part).toContain(k.serial);
        expect(part).toContain('-34.6000, -58.3800');
        expect(part).toContain('CPU at 97 °C, usually 55 °C');
        expect(part).toContain(`https://fleet.example.test/api/v1/alerts/${alert.id}`);
      }
      await eventually(async () => expect(r.received).toHaveLength(1));
      expect(r.received[0].signatureValid).toBe(true);
      expect(r.received[0].body).toEqual({
        id: eventId,
        type: 'alert.raised',
        occurredAt: expect.any(String),
        data: alert,
      });
      // tags and severity filter the other policies out
      await new Promise((res) => setTimeout(res, 300));
      expect(mailsTo('south@example.test')).toHaveLength(0);
      expect(mailsTo('critical-only@example.test')).toHaveLength(0);
    } finally {
      await r.close();
    }
  });

  it('sends at most M emails per kiosk and window, and folds the rest into one digest at the window’s end', async () => {
    const k = await registerKiosk(t, { name: 'Budget kiosk', tags: ['budget'] });
    await policy({
      channel: 'email',
      recipients: ['budget@example.test'],
      minSeverity: 'info',
      tags: ['budget'],
    });
    // Start right after a window boundary so the five events share one window.
    const ms = WINDOW_SEC * 1000;
    await new Promise((res) => setTimeout(res, ms - (Date.now() % ms) + 50));
    const alerts = [1, 2, 3, 4, 5].map((i) =>
      alertView({ id: `00000000-0000-4000-8000-00000000010${i}`, kioskId: k.id, title: `Problem ${i}` }),
    );
    await raise(alerts);
    await eventually(async () => expect(mailsTo('budget@example.test')).toHaveLength(2));
    const direct = mailsTo('budget@example.test').map((m) => m.subject);
    expect(direct.every((s) => s.startsWith('[MAJOR] Problem'))).toBe(true);

    const digest = await eventually(async () => {
      const found = mailsTo('budget@example.test').find((m) => m.subject.startsWith('Digest'));
      expect(found).toBeDefined();
      return found!;
    }, 10_000);
    expect(digest.subject).toBe(`Digest: 3 more notifications for Budget kiosk (${k.serial})`);
    const folded = alerts.map((a) => a.title).filter((title) => !direct.some((s) => s.includes(title)));
    expect(folded).toHaveLength(3);
    for (const title of folded) expect(digest.text).toContain(title);
    await new Promise((res) => setTimeout(res, 500));
    expect(mailsTo('budget@example.test')).toHaveLength(3);
  });

  it('reminds of a critical alert until it is acknowledged', async () => {
    const k = await registerKiosk(t, { tags: ['remind'] });
    await policy({
      channel: 'email',
      recipients: ['oncall@example.test'],
      minSeverity: 'critical',
      tags: ['remind'],
    });
    const [row] = (await ds.query(
      `INSERT INTO alerts (kiosk_id, dedup_key, type, severity, title) VALUES ($1, 'test:remind', 'liveness', 'critical', 'Kiosk offline')
       RETURNING id`,
      [k.id],
    )) as { id: string }[];
    await raise([
      alertView({
        id: row.id,
        kioskId: k.id,
        severity: 'critical',
        type: 'liveness',
        title: 'Kiosk offline',
      }),
    ]);

    await eventually(async () => {
      const subjects = mailsTo('oncall@example.test').map((m) => m.subject);
      expect(subjects).toContain('[CRITICAL] Kiosk offline at Kiosk ' + k.serial + ' — raised');
      expect(subjects.filter((s) => s.includes('reminder')).length).toBeGreaterThanOrEqual(2);
    }, 10_000);
    expect(
      mailsTo('oncall@example.test').some((m) => m.subject.includes('reminder 1: still unacknowledged')),
    ).toBe(true);

    await ds.query(`UPDATE alerts SET status = 'acknowledged', acknowledged_at = now() WHERE id = $1`, [
      row.id,
    ]);
    // one reminder may already be on its way; after that, none
    await new Promise((res) => setTimeout(res, 1500));
    const settled = mailsTo('oncall@example.test').length;
    await new Promise((res) => setTimeout(res, 2500));
    expect(mailsTo('oncall@example.test')).toHaveLength(settled);
  });
});
