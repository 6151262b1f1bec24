import { KioskFleetApiError } from './errors';
import type { components } from './generated/openapi';

export type TokenPair = components['schemas']['TokenPairDto'];

/** The tokens a session holds; hand them to `onTokens` to persist them across restarts. */
export interface SessionTokens {
  accessToken: string;
  refreshToken: string | undefined;
}

/**
 * How the client authenticates:
 * - `{ apiKey }` — an integration's API key, sent as `X-API-Key` (no expiry handling needed);
 * - `{ username, password }` — logs in on first use, refreshes on 401, logs in again if the refresh
 *   token is refused;
 * - `{ accessToken, refreshToken? }` — tokens obtained elsewhere (e.g. restored from storage);
 *   refreshed on 401 when a refresh token is given.
 */
export type KioskFleetAuth =
  | { apiKey: string }
  | { username: string; password: string }
  | { accessToken: string; refreshToken?: string };

export type FetchLike = (input: Request) => Promise<Response>;

const LOGIN_PATH = '/api/v1/auth/login';
const REFRESH_PATH = '/api/v1/auth/refresh';
const LOGOUT_PATH = '/api/v1/auth/logout';

/** Routes whose 401 means "bad credentials", never "refresh and retry". */
const NO_RETRY_PATHS = new Set([LOGIN_PATH, REFRESH_PATH, LOGOUT_PATH]);

/**
 * The token state of one client: login, refresh-token rotation and logout. Refresh is single-flight:
 * every request that got a 401 with the same access token waits on one refresh, and a request whose
 * token was already replaced simply retries with the new one — sending a rotated (used) refresh token
 * a second time would make the server revoke the whole session family.
 */
export class TokenSession {
  private accessToken: string | undefined;
  private refreshToken: string | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly fetchFn: FetchLike,
    private readonly credentials: { username: string; password: string } | undefined,
    initial: { accessToken: string; refreshToken?: string } | undefined,
    private readonly onTokens: ((tokens: SessionTokens | null) => void) | undefined,
  ) {
    this.accessToken = initial?.accessToken;
    this.refreshToken = initial?.refreshToken;
  }

  /** The tokens held right now (undefined before the first login or after logout). */
  get tokens(): SessionTokens | undefined {
    return this.accessToken ? { accessToken: this.accessToken, refreshToken: this.refreshToken } : undefined;
  }

  /** Logs in with the configured (or given) credentials and keeps the tokens. */
  async login(credentials = this.credentials): Promise<TokenPair> {
    if (!credentials) throw new Error('login needs { username, password }');
    const pair = await this.postTokens(LOGIN_PATH, credentials);
    this.store(pair);
    return pair;
  }

  /** Revokes the session on the server (its refresh family and access tokens) and forgets it here. */
  async logout(): Promise<void> {
    await this.settled();
    const { accessToken, refreshToken } = this;
    this.forget();
    if (!accessToken || !refreshToken) return;
    const res = await this.fetchFn(
      this.jsonRequest(LOGOUT_PATH, { refreshToken }, { Authorization: `Bearer ${accessToken}` }),
    );
    if (!res.ok) throw KioskFleetApiError.fromResponse(res, await readBody(res), 'POST');
  }

  /**
   * Sends a request with the current token, logging in first when there is none yet; on a 401 it
   * refreshes (once for all concurrent callers) and sends the request again, once.
   */
  async send(request: Request): Promise<Response> {
    await this.settled();
    const path = new URL(request.url).pathname;
    if ([...NO_RETRY_PATHS].some((p) => path.endsWith(p))) {
      return this.fetchFn(this.withToken(request, this.accessToken));
    }
    if (!this.accessToken && this.credentials) await this.singleFlight(() => this.login());
    // The body can be read only once: keep a copy for the retry.
    const retry = request.clone();
    const usedToken = this.accessToken;
    const first = await this.fetchFn(this.withToken(request, usedToken));
    if (first.status !== 401 || !(await this.recover(usedToken))) return first;
    await first.body?.cancel();
    return this.fetchFn(this.withToken(retry, this.accessToken));
  }

  /** After a 401 on a request sent with `usedToken`: true once a fresh token is in place. */
  private async recover(usedToken: string | undefined): Promise<boolean> {
    if (this.accessToken !== usedToken) return this.accessToken !== undefined;
    if (!this.refreshToken && !this.credentials) return false;
    try {
      await this.singleFlight(() => this.refreshOrLogin());
    } catch {
      return false;
    }
    return this.accessToken !== undefined && this.accessToken !== usedToken;
  }

  private async refreshOrLogin(): Promise<void> {
    if (this.refreshToken) {
      try {
        this.store(await this.postTokens(REFRESH_PATH, { refreshToken: this.refreshToken }));
        return;
      } catch (e) {
        const refused = e instanceof KioskFleetApiError && e.statusCode === 401;
        if (!refused) throw e; // network trouble or 5xx: keep the tokens, the next 401 tries again
        // A refused refresh token (expired, revoked, reused) ends the session; credentials open a new one.
        this.forget();
        if (!this.credentials) throw e;
      }
    }
    await this.login();
  }

  private singleFlight(work: () => Promise<unknown>): Promise<void> {
    this.inFlight ??= work()
      .then(() => undefined)
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** Waits for a login/refresh in progress (its failure is the failing caller's to report). */
  private async settled(): Promise<void> {
    if (this.inFlight) await this.inFlight.catch(() => undefined);
  }

  private withToken(request: Request, token: string | undefined): Request {
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  }

  private async postTokens(path: string, body: object): Promise<TokenPair> {
    const res = await this.fetchFn(this.jsonRequest(path, body));
    const parsed = await readBody(res);
    if (!res.ok) throw KioskFleetApiError.fromResponse(res, parsed, 'POST');
    return parsed as TokenPair;
  }

  private jsonRequest(path: string, body: object, headers: Record<string, string> = {}): Request {
    return new Request(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }

  private store(pair: TokenPair): void {
    this.accessToken = pair.accessToken;
    this.refreshToken = pair.refreshToken;
    this.onTokens?.({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
  }

  private forget(): void {
    const had = this.accessToken !== undefined;
    this.accessToken = undefined;
    this.refreshToken = undefined;
    if (had) this.onTokens?.(null);
  }
}

/** The body as JSON when it is JSON, as text otherwise (error pages of proxies), undefined when empty. */
export async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return undefined;
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}
