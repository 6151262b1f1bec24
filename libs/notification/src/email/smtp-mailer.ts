import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { AppConfig, InjectAppConfig } from '@app/core';
import { SendEmailJob } from '@app/contracts';

export type EmailOutcome =
  | { sent: true; messageId: string; accepted: string[]; rejected: string[] }
  | { sent: false; skipped: 'smtp_disabled' };

/** Message-IDs must look like `<local@domain>`; job payloads carry only the stable local part. */
export function messageIdHeader(id: string): string {
  const bare = id.replace(/^<|>$/g, '');
  return `<${bare.includes('@') ? bare : `${bare}@kiosk-fleet`}>`;
}

/**
 * The SMTP side of email. Off while SMTP_HOST is unset (development without a mail server): jobs
 * then complete as skipped instead of failing and retrying forever. A pooled transport keeps a few
 * connections open, so a burst of alerts does not pay one TCP + EHLO handshake per message.
 */
@Injectable()
export class SmtpMailer implements OnApplicationShutdown {
  private readonly logger = new Logger(SmtpMailer.name);
  private readonly transport: Transporter<SMTPPool.SentMessageInfo> | undefined;

  constructor(@InjectAppConfig() private readonly config: AppConfig) {
    const { host, port, secure, user, password } = config.smtp;
    if (!host) return;
    this.transport = createTransport({
      pool: true,
      maxConnections: 5,
      host,
      port,
      secure,
      ...(user !== undefined && { auth: { user, pass: password ?? '' } }),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  get enabled(): boolean {
    return this.transport !== undefined;
  }

  async send(email: SendEmailJob): Promise<EmailOutcome> {
    if (!this.transport) {
      this.logger.log(
        `email off (SMTP_HOST unset): skipped "${email.subject}" to ${email.to.length} recipient(s)`,
      );
      return { sent: false, skipped: 'smtp_disabled' };
    }
    const info = await this.transport.sendMail({
      from: this.config.smtp.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: messageIdHeader(email.messageId),
    });
    return {
      sent: true,
      messageId: info.messageId,
      accepted: info.accepted.map(String),
      rejected: info.rejected.map(String),
    };
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
