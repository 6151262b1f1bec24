import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { ApiProvider } from '../api/ApiProvider';
import { DashboardSession, type Role } from '../api/session';
import { AuthProvider } from '../auth/AuthProvider';

/** A request the fake API received: method, URL (path and query), headers and parsed JSON body. */
export interface Received {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

/** Answers a request it recognises (status and JSON body), or `undefined` to let the next route try. */
export type Route = (req: Received) => { status: number; body?: unknown } | undefined;

const json = (status: number, body: unknown) =>
  new Response(body === undefined || status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

/**
 * For component tests: a session signed in as `role` through the real refresh path, against a fake
 * HTTP API (the browser e2e tests run against the real one). `routes` answer the calls under test,
 * first match wins, anything else is a 404 in the contract's error shape; every request except the
 * sign-in traffic is recorded in `received`. `wrap(ui, path)` renders with the providers and a router
 * at `path`.
 */
export async function signedInAs(role: Role, routes: Route[] = []) {
  const received: Received[] = [];
  const user = {
    id: `${role}-id`,
    username: `${role}-user`,
    role,
    disabled: false,
    createdAt: '',
    updatedAt: '',
  };
  const fetchFn = async (req: Request) => {
    const text = req.method === 'GET' ? '' : await req.text();
    const rec: Received = {
      method: req.method,
      url: new URL(req.url),
      headers: req.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    if (rec.url.pathname.endsWith('/auth/refresh')) {
      return json(200, { accessToken: 'a1', refreshToken: 'r2', expiresIn: 900, user });
    }
    received.push(rec);
    const answer = routes.map((r) => r(rec)).find(Boolean) ?? {
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'no route', details: [] },
    };
    return json(answer.status, answer.body);
  };
  const store = { read: () => 'r1', write: () => undefined };
  const session = new DashboardSession({ baseUrl: 'http://api.test', store, fetch: fetchFn });
  await session.restore();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrap = (children: ReactNode, path = '/') => (
    <QueryClientProvider client={queryClient}>
      <ApiProvider session={session}>
        <AuthProvider>
          <MemoryRouter initialEntries={[path]}>{children}</MemoryRouter>
        </AuthProvider>
      </ApiProvider>
    </QueryClientProvider>
  );
  return { wrap, received, queryClient };
}

/** A route answering `method path` (exact pathname) with `status` and `body`. */
export const answer =
  (method: string, pathname: string, status: number, body?: unknown): Route =>
  (req) =>
    req.method === method && req.url.pathname === pathname ? { status, body } : undefined;

/** A page of a list route. */
export const page = <T,>(items: T[]) => ({ items, nextCursor: null });
