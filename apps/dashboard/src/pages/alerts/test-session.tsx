import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { ApiProvider } from '../../api/ApiProvider';
import { DashboardSession, type Role } from '../../api/session';
import { AuthProvider } from '../../auth/AuthProvider';

/** A request the fake API received: method, path with query, headers and parsed JSON body. */
export interface Received {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

export type Route = (req: Received) => { status: number; body?: unknown } | undefined;

/**
 * A session signed in as `role` through the real refresh path, against a fake HTTP API (component
 * tests have no server; the browser e2e tests run against the real one). `routes` answers the
 * calls under test, in order; every request is recorded in `received` (sign-in traffic aside).
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
      return new Response(JSON.stringify({ accessToken: 'a1', refreshToken: 'r2', expiresIn: 900, user }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }
    received.push(rec);
    const answer = routes.map((r) => r(rec)).find(Boolean) ?? {
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'no route', details: [] },
    };
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  };
  const store = { read: () => 'r1', write: () => undefined };
  const session = new DashboardSession({ baseUrl: 'http://api.test', store, fetch: fetchFn });
  await session.restore();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrap = (children: ReactNode) => (
    <QueryClientProvider client={queryClient}>
      <ApiProvider session={session}>
        <AuthProvider>
          <MemoryRouter>{children}</MemoryRouter>
        </AuthProvider>
      </ApiProvider>
    </QueryClientProvider>
  );
  return { wrap, received, queryClient };
}
