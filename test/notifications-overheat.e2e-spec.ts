import { Socket } from 'socket.io-client';
import { createRule, disableSeededRules } from './support/alerts';
import { connectKiosk, emitWithAck, eventually, kioskUpdate, registerKiosk } from './support/kiosks';
import { startSmtpServer, startWebhookReceiver } from './support/notification-receivers';
import { API, startTestApp, TestApp } from './support/test-app';

const SECRET = 'overheat-secret-0123456789';

describe('end to end: an overheating kiosk → signed webhook + email, reminders until acknowledged', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let socket: Socket | undefined;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    receiver = await startWebhookReceiver(SECRET);
    t = await startTestApp({
      withWorker: true,
      env: {
        // command: its queue's job must have its processor in a process that runs the worker
        ENABLED_MODULES: 'kiosk,telemetry,command,alert,notification',
        ALERT_ESCALATION_STEPS_SEC: '',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        NOTIFICATION_REMINDER_SEC: '1',
      },
    });
    await disableSeededRules(t);
  });

  afterAll(async () => {
    socket?.close();
    await t?.close();
    await receiver?.close();
    await smtp?.close();
  });

  it('notifies both channels when the alert opens, reminds while unacknowledged, and stops after acknowledge', async () => {
    const admin = (await t.admin()).auth;
    await t
      .http()
      .post(`${API}/webhooks`)
      .set(admin)
      .send({ url: receiver.url, events: ['alert.raised', 'alert.updated'], secret: SECRET })
      .expect(201);
    await t
      .http()
      .post(`${API}/notification-policies`)
      .set(admin)
      .send({
        channel: 'email',
        recipients: ['oncall@example.test'],
        minSeverity: 'critical',
        tags: ['lobby'],
      })
      .expect(201);
    await createRule(t, {
      name: 'Cabinet overheating',
      severity: 'critical',
      condition: { field: 'environmental.temperature', op: '>', value: 60 },
    });
    const k = await registerKiosk(t, { name: 'Lobby kiosk', tags: ['lobby'] });
    socket = await connectKiosk(t, k);
    await emitWithAck(socket, 'kiosk_join', {});
    const hot = { environmental: { temperature: 78.5, humidity: 40, air_quality: 30 } };
    expect(await emitWithAck(socket, 'kiosk_update', kioskUpdate(1, hot))).toEqual({ ok: true });

    const raised = await eventually(async () => {
      const hook = receiver.received.find((r) => r.body.type === 'alert.raised');
      expect(hook).toBeDefined();
      return hook!;
    });
    expect(raised.signatureValid).toBe(true);
    expect(raised.body.data).toMatchObject({
      kioskId: k.id,
      severity: 'critical',
      status: 'open',
      title: 'Cabinet overheating',
    });
    const alertId = String(raised.body.data.id);

    const mail = await eventually(async () => {
      const m = smtp.emails.find((e) => e.subject.endsWith('— raised'));
      expect(m).toBeDefined();
      return m!;
    });
    expect(mail.to).toEqual(['oncall@example.test']);
    expect(mail.subject).toBe('[CRITICAL] Cabinet overheating at Lobby kiosk — raised');
    expect(mail.text).toContain(k.serial);
    expect(mail.text).toContain(`/api/v1/alerts/${alertId}`);
    await eventually(
      async () => expect(smtp.emails.some((e) => e.subject.includes('reminder 1'))).toBe(true),
      8000,
    );

    await t.http().post(`${API}/alerts/${alertId}/acknowledge`).set(admin).expect(200);
    const updated = await eventually(async () => {
      const hook = receiver.received.find((r) => r.body.type === 'alert.updated');
      expect(hook).toBeDefined();
      return hook!;
    });
    expect(updated.signatureValid).toBe(true);
    expect(updated.body.data).toMatchObject({ id: alertId, status: 'acknowledged', change: 'acknowledged' });
    await eventually(async () =>
      expect(
        smtp.emails.some((e) => e.subject === '[CRITICAL] Cabinet overheating at Lobby kiosk — acknowledged'),
      ).toBe(true),
    );
    await new Promise((r) => setTimeout(r, 1500));
    const reminders = smtp.emails.filter((e) => e.subject.includes('reminder')).length;
    await new Promise((r) => setTimeout(r, 2500));
    expect(smtp.emails.filter((e) => e.subject.includes('reminder'))).toHaveLength(reminders);
  });
});
