import { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/**
 * The two REST routes the simulator uses (CONTRACT.md §2/§5): login and kiosk registration, with
 * the contract's status codes and error shape. Registered secrets go into `secrets`, which a
 * FakeKioskServer can share to check the socket handshake.
 */
export interface FakeRestOptions {
  username: string;
  password: string;
  secrets?: Map<string, string>;
  /** Answer this many kiosk registrations with 503 first (transient failure). */
  failFirst?: number;
  /** Serials that already exist (→ 409). */
  existing?: string[];
  /** Artificial latency per registration, to observe concurrency. */
  delayMs?: number;
}

export interface FakeRest {
  handler: RequestListener;
  created: Record<string, unknown>[];
  logins: number;
  maxConcurrent: number;
  /** Invalidate issued tokens (the next registration gets 401 and must log in again). */
  expireTokens(): void;
}

const ALLOWED_KEYS = new Set(['serial', 'name', 'location', 'tags']);

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function error(res: ServerResponse, status: number, err: string, message: string): void {
  send(res, status, { statusCode: status, error: err, message });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function createFakeRest(opts: FakeRestOptions): FakeRest {
  const secrets = opts.secrets ?? new Map<string, string>();
  const serials = new Set(opts.existing ?? []);
  let tokenGeneration = 1;
  let failures = opts.failFirst ?? 0;
  let inFlight = 0;
  let nextId = 100;
  const state: FakeRest = {
    created: [],
    logins: 0,
    maxConcurrent: 0,
    expireTokens: () => {
      tokenGeneration++;
    },
    handler: (req, res) => {
      void (async () => {
        const body = await readJson(req);
        if (req.method === 'POST' && req.url === '/api/v1/auth/login') {
          state.logins++;
          if (!body || body.username !== opts.username || body.password !== opts.password) {
            return error(res, 401, 'Unauthorized', 'invalid credentials');
          }
          return send(res, 200, {
            accessToken: `token-${tokenGeneration}`,
            refreshToken: 'r',
            expiresIn: 900,
            user: {},
          });
        }
        if (req.method === 'POST' && req.url === '/api/v1/kiosks') {
          if (req.headers.authorization !== `Bearer token-${tokenGeneration}`)
            return error(res, 401, 'Unauthorized', 'bad token');
          inFlight++;
          state.maxConcurrent = Math.max(state.maxConcurrent, inFlight);
          await new Promise((r) => setTimeout(r, opts.delayMs ?? 0));
          inFlight--;
          if (!body) return error(res, 400, 'Bad Request', 'invalid JSON');
          const unknown = Object.keys(body).filter((k) => !ALLOWED_KEYS.has(k));
          if (unknown.length > 0)
            return error(res, 400, 'Bad Request', `unknown fields: ${unknown.join(', ')}`);
          const loc = body.location as Record<string, unknown> | undefined;
          if (
            typeof body.serial !== 'string' ||
            typeof body.name !== 'string' ||
            typeof loc?.lat !== 'number'
          ) {
            return error(res, 400, 'Bad Request', 'serial, name and location are required');
          }
          if (failures > 0) {
            failures--;
            return error(res, 503, 'Service Unavailable', 'try again');
          }
          if (serials.has(body.serial))
            return error(res, 409, 'Conflict', `serial ${body.serial} already exists`);
          serials.add(body.serial);
          const secret = `secret-${body.serial}`;
          secrets.set(body.serial, secret);
          const kiosk = { id: nextId++, ...body, status: 'offline' };
          state.created.push(kiosk);
          return send(res, 201, { kiosk, secret });
        }
        error(res, 404, 'Not Found', 'no such route');
      })();
    },
  };
  return state;
}
