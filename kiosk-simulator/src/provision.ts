import { KioskId } from '../../libs/kiosk-signals/src';
import { KioskCredential } from './credentials';

/** A kiosk to register: the REST body of `POST /api/v1/kiosks` (camelCase, no unknown fields). */
export interface KioskRegistration {
  serial: string;
  name: string;
  location: { lat: number; lng: number; address?: string };
  tags?: string[];
}

export interface ProvisionOptions {
  baseUrl: string;
  username: string;
  password: string;
  kiosks: readonly KioskRegistration[];
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  fetchImpl?: typeof fetch;
}

export class ProvisionError extends Error {}

const API = '/api/v1';
const RETRIES = 3;

interface HttpResult {
  status: number;
  body: unknown;
}

async function postJson(
  fetchImpl: typeof fetch,
  url: string,
  body: unknown,
  token?: string,
): Promise<HttpResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetchImpl(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // Keep the raw text: an HTML error page from a proxy is still worth showing.
  }
  return { status: res.status, body: parsed };
}

function messageOf(body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const m = (body as Record<string, unknown>).message;
    if (typeof m === 'string') return m;
    if (Array.isArray(m)) return m.join('; ');
  }
  return typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body);
}

export async function login(
  fetchImpl: typeof fetch,
  baseUrl: string,
  username: string,
  password: string,
): Promise<string> {
  let res: HttpResult;
  try {
    res = await postJson(fetchImpl, `${baseUrl}${API}/auth/login`, { username, password });
  } catch (e) {
    throw new ProvisionError(`cannot reach ${baseUrl}: ${(e as Error).message}`);
  }
  if (res.status === 401)
    throw new ProvisionError(`login as "${username}" refused (401): check the admin username/password`);
  const token = (res.body as Record<string, unknown> | null)?.accessToken;
  if (res.status !== 200 || typeof token !== 'string') {
    throw new ProvisionError(`login failed (${res.status}): ${messageOf(res.body)}`);
  }
  return token;
}

/**
 * Registers kiosks through the REST API with bounded concurrency and returns their one-time
 * secrets. Transient failures (network, 5xx, 429) are retried; an expired token is renewed once;
 * anything else stops provisioning with a message that says what to do.
 */
export async function provisionKiosks(opts: ProvisionOptions): Promise<KioskCredential[]> {
  const fetchImpl = opts.fetchImpl ?? fetch;
  let token = await login(fetchImpl, opts.baseUrl, opts.username, opts.password);
  const results: KioskCredential[] = new Array(opts.kiosks.length);
  let next = 0;
  let done = 0;
  let failed: Error | null = null;

  const registerOne = async (reg: KioskRegistration): Promise<KioskCredential> => {
    let relogged = false;
    for (let attempt = 1; ; attempt++) {
      let res: HttpResult;
      try {
        res = await postJson(fetchImpl, `${opts.baseUrl}${API}/kiosks`, reg, token);
      } catch (e) {
        if (attempt < RETRIES) {
          await delay(250 * 2 ** attempt);
          continue;
        }
        throw new ProvisionError(`registering ${reg.serial}: ${(e as Error).message}`);
      }
      if (res.status === 201 || res.status === 200) return credentialFrom(reg, res.body);
      if (res.status === 401 && !relogged) {
        relogged = true;
        token = await login(fetchImpl, opts.baseUrl, opts.username, opts.password);
        continue;
      }
      if (res.status === 409) {
        throw new ProvisionError(
          `serial ${reg.serial} already exists (409): use a fresh --run-id, or reuse kiosks with --credentials <file>`,
        );
      }
      if ((res.status >= 500 || res.status === 429) && attempt < RETRIES) {
        await delay(250 * 2 ** attempt);
        continue;
      }
      throw new ProvisionError(`registering ${reg.serial} failed (${res.status}): ${messageOf(res.body)}`);
    }
  };

  const workerLoop = async (): Promise<void> => {
    while (failed === null && next < opts.kiosks.length) {
      const i = next++;
      try {
        results[i] = await registerOne(opts.kiosks[i]);
      } catch (e) {
        failed ??= e as Error;
        return;
      }
      done++;
      opts.onProgress?.(done, opts.kiosks.length);
    }
  };
  const lanes = Math.max(1, Math.min(opts.concurrency ?? 20, opts.kiosks.length));
  await Promise.all(Array.from({ length: lanes }, workerLoop));
  if (failed !== null) throw failed;
  return results;
}

function credentialFrom(reg: KioskRegistration, body: unknown): KioskCredential {
  const b = (body ?? {}) as Record<string, unknown>;
  const kiosk = (b.kiosk ?? {}) as Record<string, unknown>;
  if (typeof b.secret !== 'string')
    throw new ProvisionError(`registering ${reg.serial}: response has no "secret"`);
  const cred: KioskCredential = {
    serial: reg.serial,
    secret: b.secret,
    lat: reg.location.lat,
    lng: reg.location.lng,
  };
  const id = kiosk.id;
  if (typeof id === 'number' || typeof id === 'string') cred.kioskId = id as KioskId;
  return cred;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
