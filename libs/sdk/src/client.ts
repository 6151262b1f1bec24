import createClient, { type Client } from 'openapi-fetch';
import { FetchLike, KioskFleetAuth, SessionTokens, TokenPair, TokenSession } from './auth-session';
import { KioskFleetApiError } from './errors';
import type { paths } from './generated/openapi';
import type {
  DataMethod,
  HttpMethod,
  Page,
  PageItem,
  PaginateArgs,
  PaginatedPath,
  PaginateOptions,
} from './types';

export interface KioskFleetClientOptions {
  /** Where the API is served, without `/api/v1` (the paths carry it), e.g. `https://fleet.example.com`. */
  baseUrl: string;
  /** Leave out for the public routes only (health, docs). */
  auth?: KioskFleetAuth;
  /** Called with the new tokens after every login/refresh, and with `null` once the session ended. */
  onTokens?: (tokens: SessionTokens | null) => void;
  /** A fetch of your own (defaults to the global one, present in Node 20+ and browsers). */
  fetch?: FetchLike;
  /** Headers sent on every request (e.g. a tracing header). */
  headers?: Record<string, string>;
}

export interface KioskFleetClient {
  /** Typed calls that resolve with the 2xx body and throw `KioskFleetApiError` otherwise. */
  GET: DataMethod<'get'>;
  POST: DataMethod<'post'>;
  PUT: DataMethod<'put'>;
  PATCH: DataMethod<'patch'>;
  DELETE: DataMethod<'delete'>;
  /**
   * The underlying openapi-fetch client, authenticated the same way: `{ data, error, response }`
   * without throwing, for when response headers (Location, RateLimit-*) matter.
   */
  raw: Client<paths>;
  /** Every item of a paginated list, following `nextCursor` page after page. */
  paginate<P extends PaginatedPath>(
    path: P,
    ...args: PaginateArgs<P>
  ): AsyncGenerator<PageItem<P>, void, undefined>;
  /** The same lists page by page. */
  pages<P extends PaginatedPath>(path: P, ...args: PaginateArgs<P>): AsyncGenerator<Page<P>, void, undefined>;
  /** Logs in (the `{ username, password }` mode does so by itself on first use). */
  login(credentials?: { username: string; password: string }): Promise<TokenPair>;
  /** Revokes the session on the server and forgets its tokens. A no-op with an API key. */
  logout(): Promise<void>;
  /** The current tokens (undefined with an API key, before login and after logout). */
  readonly tokens: SessionTokens | undefined;
}

type LooseRequest = (
  method: HttpMethod,
  url: string,
  init?: object,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

type PageShape = { items: readonly unknown[]; nextCursor: string | null };

export function createKioskFleetClient(options: KioskFleetClientOptions): KioskFleetClient {
  let baseUrl = options.baseUrl;
  while (baseUrl.endsWith('/')) baseUrl = baseUrl.slice(0, -1);
  const baseFetch: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
  const auth = options.auth;
  // Without `auth` the client still holds a session, so a later `login()` authenticates it.
  const session =
    auth && 'apiKey' in auth
      ? undefined
      : new TokenSession(
          baseUrl,
          baseFetch,
          auth && 'username' in auth ? { username: auth.username, password: auth.password } : undefined,
          auth && 'accessToken' in auth ? auth : undefined,
          options.onTokens,
        );

  const authedFetch: FetchLike = (request) => {
    if (auth && 'apiKey' in auth) {
      request.headers.set('X-API-Key', auth.apiKey);
      return baseFetch(request);
    }
    return session ? session.send(request) : baseFetch(request);
  };

  const raw = createClient<paths>({ baseUrl, fetch: authedFetch, headers: options.headers });
  // The typed surface is DataMethod; inside, one untyped call path does the work for every method.
  const request = raw.request as unknown as LooseRequest;

  const call = async (method: HttpMethod, url: string, init?: object): Promise<unknown> => {
    const { data, error, response } = await request(method, url, init);
    if (!response.ok) throw KioskFleetApiError.fromResponse(response, error, method.toUpperCase());
    return data;
  };
  const method = <M extends HttpMethod>(m: M) =>
    ((url: string, init?: object) => call(m, url, init)) as unknown as DataMethod<M>;

  async function* pages<P extends PaginatedPath>(
    path: P,
    ...args: PaginateArgs<P>
  ): AsyncGenerator<Page<P>, void, undefined> {
    const opts: PaginateOptions<P> | undefined = args[0];
    let cursor: string | undefined;
    for (;;) {
      const params = { path: opts?.path, query: { ...opts?.query, ...(cursor ? { cursor } : {}) } };
      const page = (await call('get', path, { params })) as PageShape;
      yield page as Page<P>;
      if (page.nextCursor === null || page.nextCursor === undefined) return;
      // A server answering the cursor it was given would loop forever: fail loudly instead.
      if (page.nextCursor === cursor) throw new Error(`pagination of ${path} did not advance`);
      cursor = page.nextCursor;
    }
  }

  async function* paginate<P extends PaginatedPath>(
    path: P,
    ...args: PaginateArgs<P>
  ): AsyncGenerator<PageItem<P>, void, undefined> {
    for await (const page of pages(path, ...args)) {
      for (const item of (page as PageShape).items) yield item as PageItem<P>;
    }
  }

  return {
    GET: method('get'),
    POST: method('post'),
    PUT: method('put'),
    PATCH: method('patch'),
    DELETE: method('delete'),
    raw,
    pages,
    paginate,
    login: (credentials) => {
      if (!session) throw new Error('login is for the user-token modes, not an API key');
      return session.login(credentials);
    },
    logout: async () => {
      await session?.logout();
    },
    get tokens() {
      return session?.tokens;
    },
  };
}
