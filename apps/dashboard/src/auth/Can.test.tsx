import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { ApiProvider } from '../api/ApiProvider';
import { DashboardSession, type Role } from '../api/session';
import { AuthProvider } from './AuthProvider';
import { Can } from './Can';
import { can, PERMISSIONS } from './permissions';

/** A session already signed in as `role`, through the real refresh path against a fake server. */
async function signedInAs(role: Role): Promise<DashboardSession> {
  const user = { id: 'u1', username: `${role}-user`, role, disabled: false, createdAt: '', updatedAt: '' };
  const fetchFn = async (req: Request) =>
    new Response(JSON.stringify({ accessToken: 'a1', refreshToken: 'r2', expiresIn: 900, user }), {
      status: req.url.endsWith('/api/v1/auth/refresh') ? 200 : 404,
      headers: { 'content-type': 'application/json' },
    });
  const store = { token: 'r1' as string | undefined, read: () => 'r1', write: () => undefined };
  const session = new DashboardSession({ baseUrl: 'http://api.test', store, fetch: fetchFn });
  await session.restore();
  return session;
}

function wrap(session: DashboardSession, children: ReactNode) {
  return (
    <QueryClientProvider client={new QueryClient()}>
      <ApiProvider session={session}>
        <AuthProvider>{children}</AuthProvider>
      </ApiProvider>
    </QueryClientProvider>
  );
}

describe('<Can>', () => {
  it('hides an action from a viewer and shows the fallback instead', async () => {
    render(
      wrap(
        await signedInAs('viewer'),
        <Can action="kiosk.command" fallback={<span>read only</span>}>
          <button>Restart</button>
        </Can>,
      ),
    );
    expect(screen.queryByRole('button', { name: 'Restart' })).toBeNull();
    expect(screen.getByText('read only')).toBeInTheDocument();
  });

  it('shows the action to an operator', async () => {
    render(
      wrap(
        await signedInAs('operator'),
        <Can action="kiosk.command">
          <button>Restart</button>
        </Can>,
      ),
    );
    expect(screen.getByRole('button', { name: 'Restart' })).toBeInTheDocument();
  });
});

describe('can()', () => {
  it('gives a viewer no mutating action except taking a kiosk for itself', () => {
    const allowed = (Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]).filter((a) =>
      can('viewer', a),
    );
    expect(allowed.sort()).toEqual(['kiosk.assignSelf', 'kiosk.unassign']);
  });

  it('lets an admin do everything and nobody anything while signed out', () => {
    for (const action of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
      expect(can('admin', action)).toBe(true);
      expect(can(undefined, action)).toBe(false);
    }
  });
});
