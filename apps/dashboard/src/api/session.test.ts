import { describe, expect, it } from 'vitest';
import { fakeApi, memoryStore } from '../test/fake-auth-api';
import { DashboardSession } from './session';

const ACCOUNTS = { ana: { password: 'pw-ana', role: 'operator' as const } };

async function signedIn() {
  const server = fakeApi(ACCOUNTS);
  const store = memoryStore();
  const session = new DashboardSession({ baseUrl: 'http://fleet.test', store, fetch: server.fetch });
  await session.restore();
  await session.signIn('ana', 'pw-ana');
  return { server, store, session };
}

describe('DashboardSession', () => {
  it('keeps the rotated refresh token in the store and resumes from it after a reload', async () => {
    const { server, store, session } = await signedIn();
    expect(store.token).toBe('refresh-1');
    expect(session.accessToken).toBe('access-1');

    const reloaded = new DashboardSession({ baseUrl: 'http://fleet.test', store, fetch: server.fetch });
    await reloaded.restore();
    expect(reloaded.getSnapshot()).toMatchObject({ status: 'signedIn', user: { username: 'ana' } });
    expect(store.token).toBe('refresh-2'); // rotated: the old one is spent
  });

  it('answers concurrent 401s with one refresh and repeats each request once', async () => {
    const { server, session } = await signedIn();
    server.expireAccessTokens();
    const results = await Promise.all([1, 2, 3].map(() => session.api.GET('/api/v1/kiosks')));
    expect(results.map((r) => r.items[0].id)).toEqual([7, 7, 7]);
    expect(server.calls.refresh).toBe(1);
    expect(server.calls.kiosks).toBe(3);
    expect(session.getSnapshot().reauthRequired).toBe(false);
  });

  it('holds requests when the refresh is refused, and sends them once the user signs in again', async () => {
    const { server, session } = await signedIn();
    server.endSessions();
    const pending = session.api.GET('/api/v1/kiosks');
    await expect.poll(() => session.getSnapshot().reauthRequired).toBe(true);
    expect(server.calls.kiosks).toBe(0);

    await session.signIn('ana', 'pw-ana');
    await expect(pending).resolves.toMatchObject({ items: [{ id: 7 }] });
    expect(session.getSnapshot()).toMatchObject({ status: 'signedIn', reauthRequired: false });
  });

  it('fails the held requests when the user signs out instead', async () => {
    const { server, store, session } = await signedIn();
    server.endSessions();
    const pending = session.api.GET('/api/v1/kiosks');
    await expect.poll(() => session.getSnapshot().reauthRequired).toBe(true);
    await session.signOut();
    await expect(pending).rejects.toThrow('signed out');
    expect(store.token).toBeUndefined();
    expect(session.getSnapshot().status).toBe('signedOut');
  });

  it('starts signed out when the stored refresh token is refused', async () => {
    const server = fakeApi(ACCOUNTS);
    const store = memoryStore('refresh-from-an-old-tab');
    const session = new DashboardSession({ baseUrl: 'http://fleet.test', store, fetch: server.fetch });
    await session.restore();
    expect(session.getSnapshot().status).toBe('signedOut');
    expect(store.token).toBeUndefined();
  });
});
