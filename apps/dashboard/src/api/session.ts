import {
  createKioskFleetClient,
  KioskFleetApiError,
  type FetchLike,
  type KioskFleetClient,
  type Schema,
  type SessionTokens,
} from '@kiosk-fleet/sdk';
import type { RefreshTokenStore } from './token-store';

export type User = Schema<'UserDto'>;
export type Role = User['role'];

export type SessionStatus = 'restoring' | 'signedOut' | 'signedIn';

export interface SessionSnapshot {
  status: SessionStatus;
  user: User | null;
  /** True while a request waits for the user to sign in again (the refresh token was refused). */
  reauthRequired: boolean;
}

export interface SessionOptions {
  /** Origin of the API, e.g. `window.location.origin` (the dashboard is served by the API). */
  baseUrl: string;
  store: RefreshTokenStore;
  fetch?: FetchLike;
}

const AUTH_PATH = /\/api\/v1\/auth\/(login|refresh|logout)$/;

/**
 * The dashboard's session: one SDK client whose token session does the refresh-token rotation
 * (a 401 triggers exactly one single-flight refresh, see libs/sdk/src/auth-session.ts), plus what a
 * browser needs on top:
 * - restoring the session after a reload from the stored refresh token;
 * - when the refresh token itself is refused (expired, revoked), the failed request is not lost: it
 *   waits while the UI asks the user to sign in again over the current page, then it is sent again.
 *
 * `api` is the client pages use; it always talks through the current SDK client.
 */
export class DashboardSession {
  readonly api: KioskFleetClient;
  private client: KioskFleetClient;
  private snapshot: SessionSnapshot = { status: 'restoring', user: null, reauthRequired: false };
  private readonly listeners = new Set<() => void>();
  private restoring: Promise<void> | undefined;
  private reauth: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | undefined;

  constructor(private readonly options: SessionOptions) {
    this.client = this.createClient();
    this.api = this.createFacade();
  }

  /** For `useSyncExternalStore`. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionSnapshot => this.snapshot;

  /** The access token for the admin feed handshake (undefined while signed out). */
  get accessToken(): string | undefined {
    return this.client.tokens?.accessToken;
  }

  /**
   * On page load: resume the session of this tab, if any, with one refresh. Single-flight: the
   * stored refresh token is single-use, and presenting it twice would make the server revoke the
   * whole session.
   */
  restore(): Promise<void> {
    this.restoring ??= this.resume();
    return this.restoring;
  }

  private async resume(): Promise<void> {
    const refreshToken = this.options.store.read();
    if (!refreshToken) return this.update({ status: 'signedOut', user: null });
    try {
      const pair = await this.client.POST('/api/v1/auth/refresh', { body: { refreshToken } });
      this.client = this.createClient({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
      this.options.store.write(pair.refreshToken);
      this.update({ status: 'signedIn', user: pair.user });
    } catch {
      // Expired, revoked or reused: start from the sign-in page (a network error lands here too: the
      // sign-in page then shows the server as unreachable on the next attempt).
      this.options.store.write(undefined);
      this.update({ status: 'signedOut', user: null });
    }
  }

  async signIn(username: string, password: string): Promise<User> {
    const previous = this.snapshot.user;
    const pair = await this.client.login({ username, password });
    // Requests waiting for re-authentication continue only for the same user; another user starts afresh.
    if (this.reauth && previous && previous.id !== pair.user.id) {
      this.reauth.reject(
        new KioskFleetApiError({
          statusCode: 401,
          error: 'Unauthorized',
          message: 'signed in as another user',
          method: 'POST',
          url: '',
        }),
      );
    } else {
      this.reauth?.resolve();
    }
    this.reauth = undefined;
    this.update({ status: 'signedIn', user: pair.user, reauthRequired: false });
    return pair.user;
  }

  async signOut(): Promise<void> {
    try {
      await this.client.logout();
    } catch {
      // The server may be unreachable or the session already revoked: signing out here still succeeds.
    }
    this.options.store.write(undefined);
    this.reauth?.reject(new Error('signed out'));
    this.reauth = undefined;
    this.update({ status: 'signedOut', user: null, reauthRequired: false });
  }

  /**
   * Sends `call`; if it fails with 401 after the SDK's own refresh already failed, asks the user to
   * sign in again (one prompt for every request waiting) and sends it once more.
   */
  async withReauth<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (
        !(e instanceof KioskFleetApiError) ||
        e.statusCode !== 401 ||
        AUTH_PATH.test(new URL(e.url, 'http://x').pathname)
      )
        throw e;
      if (this.snapshot.status !== 'signedIn') throw e;
      await this.waitForReauth();
      return call();
    }
  }

  private waitForReauth(): Promise<void> {
    if (!this.reauth) {
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.reauth = { promise, resolve, reject };
      this.update({ reauthRequired: true });
    }
    return this.reauth.promise;
  }

  private createClient(tokens?: SessionTokens): KioskFleetClient {
    return createKioskFleetClient({
      baseUrl: this.options.baseUrl,
      fetch: this.options.fetch,
      auth: tokens?.refreshToken
        ? { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }
        : undefined,
      onTokens: (next) => this.options.store.write(next?.refreshToken),
    });
  }

  /** A client with the SDK's surface whose every call goes through the current client and `withReauth`. */
  private createFacade(): KioskFleetClient {
    const via =
      (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE') =>
      (...args: unknown[]) =>
        this.withReauth(() => (this.client[method] as (...a: unknown[]) => Promise<unknown>)(...args));
    const current = () => this.client;
    async function* pages(...args: unknown[]): AsyncGenerator<unknown, void, undefined> {
      const [path, opts] = args as [string, { path?: object; query?: object } | undefined];
      let cursor: string | undefined;
      for (;;) {
        const page = (await via('GET')(path, {
          params: { path: opts?.path, query: { ...opts?.query, ...(cursor ? { cursor } : {}) } },
        })) as { items: unknown[]; nextCursor: string | null };
        yield page;
        if (!page.nextCursor || page.nextCursor === cursor) return;
        cursor = page.nextCursor;
      }
    }
    async function* paginate(...args: unknown[]): AsyncGenerator<unknown, void, undefined> {
      for await (const page of pages(...args)) yield* (page as { items: unknown[] }).items;
    }
    const facade = {
      GET: via('GET'),
      POST: via('POST'),
      PUT: via('PUT'),
      PATCH: via('PATCH'),
      DELETE: via('DELETE'),
      pages,
      paginate,
      login: (credentials?: { username: string; password: string }) => current().login(credentials),
      logout: () => current().logout(),
      get raw() {
        return current().raw;
      },
      get tokens() {
        return current().tokens;
      },
    };
    // The SDK's method types are generic over every path; the facade forwards arguments untouched.
    return facade as unknown as KioskFleetClient;
  }

  private update(patch: Partial<SessionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
