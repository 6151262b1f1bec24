import { useQuery } from '@tanstack/react-query';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { useApi } from '../api/ApiProvider';
import { DashboardSession } from '../api/session';
import { fakeApi, memoryStore } from '../test/fake-auth-api';
import { renderWithSession } from '../test/render';
import { ReauthDialog } from './ReauthDialog';

function KioskName() {
  const api = useApi();
  const q = useQuery({ queryKey: ['k'], queryFn: () => api.GET('/api/v1/kiosks') });
  return <p>{q.data ? `Loaded ${q.data.items[0].name}` : 'Waiting'}</p>;
}

async function signedInSession() {
  const server = fakeApi({ ana: { password: 'pw-ana', role: 'operator' } });
  const session = new DashboardSession({
    baseUrl: 'http://fleet.test',
    store: memoryStore(),
    fetch: server.fetch,
  });
  await session.restore();
  await session.signIn('ana', 'pw-ana');
  return { server, session };
}

describe('session expiry on a page', () => {
  it('refreshes silently on a 401: the page loads and no dialog shows', async () => {
    const { server, session } = await signedInSession();
    server.expireAccessTokens();
    renderWithSession(
      <>
        <KioskName />
        <ReauthDialog />
      </>,
      session,
    );
    expect(await screen.findByText('Loaded Retiro hall B')).toBeInTheDocument();
    expect(server.calls.refresh).toBe(1);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('asks for the password over the page when the refresh fails, then the same request completes', async () => {
    const { server, session } = await signedInSession();
    server.endSessions();
    renderWithSession(
      <>
        <KioskName />
        <ReauthDialog />
      </>,
      session,
    );
    const dialog = await screen.findByRole('dialog', { name: 'Your session has expired' });
    expect(screen.getByText('Waiting')).toBeInTheDocument(); // the page stayed
    expect(screen.getByLabelText('Username')).toHaveValue('ana');
    expect(screen.getByLabelText('Username')).toHaveAttribute('readonly');

    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password.');
    expect(dialog).toBeInTheDocument();

    await user.type(screen.getByLabelText('Password'), 'pw-ana');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Loaded Retiro hall B')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.calls.kiosks).toBe(1);
  });
});
