import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { NotificationsJob, QueueName, SendEmailJob } from '@app/contracts';
import { eventually } from './support/kiosks';
import { startSmtpServer } from './support/notification-receivers';
import { startTestApp, TestApp } from './support/test-app';

describe('send-email jobs (worker → real SMTP server)', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let queue: Queue;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({
      withWorker: true,
      env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'fleet@example.test' },
    });
    queue = t.app.get<Queue>(getQueueToken(QueueName.Notifications));
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('delivers the job as one multipart email with its text, HTML and stable Message-ID', async () => {
    const email: SendEmailJob = {
      to: ['ops@example.test', 'lead@example.test'],
      subject: 'Kiosk K-1 overheating',
      text: 'CPU temperature 91 °C at Estación Central',
      html: '<p>CPU temperature <b>91 °C</b> at Estación Central</p>',
      messageId: 'alert-123.raised',
    };
    const job = await queue.add(NotificationsJob.SendEmail, email);
    const [got] = await eventually(async () => {
      expect(smtp.emails).toHaveLength(1);
      return smtp.emails;
    });
    expect(got.from).toBe('fleet@example.test');
    expect(got.to.sort()).toEqual(['lead@example.test', 'ops@example.test']);
    expect(got.subject).toBe('Kiosk K-1 overheating');
    expect(got.headers['message-id']).toBe('<alert-123.raised@kiosk-fleet>');
    expect(got.text).toContain('CPU temperature 91 °C at Estación Central');
    expect(got.html).toContain('<b>91 °C</b>');
    await eventually(async () => expect(await job.getState()).toBe('completed'));
    expect((await queue.getJob(job.id))?.returnvalue).toMatchObject({ sent: true });
  });
});
