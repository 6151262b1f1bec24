import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One email as the SMTP server received it, with its text and HTML parts decoded. */
export interface ReceivedEmail {
  from: string;
  to: string[];
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable': {
      const bytes = body
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    }
    default:
      return body;
  }
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`), as nodemailer writes non-ASCII headers. */
function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeBody(text.replace(/_/g, ' '), 'quoted-printable'),
    );
}

/** Just enough MIME for what nodemailer sends: one part, or multipart/alternative text + HTML. */
export function parseEmail(raw: string): Omit<ReceivedEmail, 'from' | 'to'> {
  const split = raw.indexOf('\r\n\r\n');
  const headers = parseHeaders(raw.slice(0, split));
  const body = raw.slice(split + 4);
  const parts: { type: string; content: string }[] = [];
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const at = chunk.indexOf('\r\n\r\n');
      const h = parseHeaders(chunk.slice(0, at).replace(/^\r\n/, ''));
      parts.push({
        type: h['content-type'] ?? 'text/plain',
        content: decodeBody(chunk.slice(at + 4).replace(/\r\n$/, ''), h['content-transfer-encoding']),
      });
    }
  } else {
    parts.push({
      type: headers['content-type'] ?? 'text/plain',
      content: decodeBody(body, headers['content-transfer-encoding']),
    });
  }
  const subject = decodeEncodedWords(headers.subject ?? '');
  return {
    headers,
    subject,
    text: parts.find((p) => p.type.startsWith('text/plain'))?.content ?? '',
    html: parts.find((p) => p.type.startsWith('text/html'))?.content ?? '',
    raw,
  };
}

/** A real SMTP server on an ephemeral port that keeps every message it accepts. */
export async function startSmtpServer(): Promise<{
  port: number;
  emails: ReceivedEmail[];
  close: () => Promise<void>;
}> {
  const emails: ReceivedEmail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const parsed = parseEmail(Buffer.concat(chunks).toString('utf8'));
        emails.push({
          ...parsed,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, emails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface ReceivedWebhook {
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  body: { id: string; type: string; occurredAt: string; data: Record<string, unknown> };
  receivedAt: number;
  /** Whether X-Webhook-Signature matches the HMAC of "{timestamp}.{rawBody}" under the secret. */
  signatureValid: boolean;
}

/** What a receiver does with a request: answer with a status, or never answer (a hung server). */
export type ReceiverBehaviour = (req: IncomingMessage, n: number) => number | 'hang';

export function verifySignature(secret: string, timestamp: string, rawBody: string, header: string): boolean {
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
  const a = Buffer.from(expected);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A webhook receiver as an integrator would write one: checks the signature, records what came. */
export async function startWebhookReceiver(
  secret: string,
  behaviour: ReceiverBehaviour = () => 200,
): Promise<{
  url: string;
  received: ReceivedWebhook[];
  setBehaviour: (b: ReceiverBehaviour) => void;
  close: () => Promise<void>;
}> {
  const received: ReceivedWebhook[] = [];
  const hung = new Set<ServerResponse>();
  let current = behaviour;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const ts = String(req.headers['x-webhook-timestamp'] ?? '');
      received.push({
        headers: req.headers,
        rawBody,
        body: JSON.parse(rawBody) as ReceivedWebhook['body'],
        receivedAt: Date.now(),
        signatureValid: verifySignature(
          secret,
          ts,
          rawBody,
          String(req.headers['x-webhook-signature'] ?? ''),
        ),
      });
      const outcome = current(req, received.length);
      if (outcome === 'hang') {
        hung.add(res);
        return;
      }
      res.writeHead(outcome, { 'content-type': 'text/plain' }).end(outcome < 300 ? 'ok' : 'nope');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    setBehaviour: (b) => (current = b),
    close: () =>
      new Promise((resolve) => {
        for (const res of hung) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
