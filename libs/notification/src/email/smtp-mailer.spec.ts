import { loadAppConfig } from '@app/core';
import { messageIdHeader, SmtpMailer } from './smtp-mailer';

describe('SmtpMailer', () => {
  it('is off while SMTP_HOST is unset: a send completes as skipped, nothing is attempted', async () => {
    const mailer = new SmtpMailer(loadAppConfig({}));
    expect(mailer.enabled).toBe(false);
    await expect(
      mailer.send({ to: ['a@example.test'], subject: 's', text: 't', html: '<p>t</p>', messageId: 'x' }),
    ).resolves.toEqual({ sent: false, skipped: 'smtp_disabled' });
  });

  it('is on once SMTP_HOST is set', () => {
    const mailer = new SmtpMailer(loadAppConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: '2525' }));
    expect(mailer.enabled).toBe(true);
    mailer.onApplicationShutdown();
  });

  it('turns a job’s stable id into a Message-ID header', () => {
    expect(messageIdHeader('alert-1.raised')).toBe('<alert-1.raised@kiosk-fleet>');
    expect(messageIdHeader('<x@y.test>')).toBe('<x@y.test>');
  });
});
