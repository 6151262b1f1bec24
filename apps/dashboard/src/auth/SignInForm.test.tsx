import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DashboardSession } from '../api/session';
import { fakeApi, memoryStore } from '../test/fake-auth-api';
import { renderWithSession } from '../test/render';
import { SignInForm, validateSignIn } from './SignInForm';

describe('validateSignIn', () => {
  it('requires both fields and bounds their length', () => {
    expect(validateSignIn({ username: '  ', password: '' })).toEqual({
      username: 'required',
      password: 'required',
    });
    expect(validateSignIn({ username: 'x'.repeat(65), password: 'p'.repeat(257) })).toEqual({
      username: 'tooLong',
      password: 'tooLong',
    });
    expect(validateSignIn({ username: 'ana', password: 'secret' })).toEqual({});
  });
});

describe('<SignInForm>', () => {
  async function setup() {
    const server = fakeApi({ ana: { password: 'pw-ana', role: 'viewer' } });
    const session = new DashboardSession({
      baseUrl: 'http://fleet.test',
      store: memoryStore(),
      fetch: server.fetch,
    });
    await session.restore();
    renderWithSession(<SignInForm />, session);
    return { server, session, user: userEvent.setup() };
  }

  it('shows what is missing next to each field and sends nothing', async () => {
    const { server, user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByLabelText('Username')).toHaveAccessibleDescription('This field is required.');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('This field is required.');
    expect(screen.getByLabelText('Username')).toHaveAttribute('aria-invalid', 'true');
    expect(server.calls.login).toBe(0);

    await user.type(screen.getByLabelText('Username'), 'ana');
    expect(screen.getByLabelText('Username')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
  });

  it('says the credentials are wrong, clears the password, and signs in with the right ones', async () => {
    const { server, session, user } = await setup();
    await user.type(screen.getByLabelText('Username'), 'ana');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password.');
    expect(screen.getByLabelText('Password')).toHaveValue('');

    await user.type(screen.getByLabelText('Password'), 'pw-ana');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await expect.poll(() => session.getSnapshot().status).toBe('signedIn');
    expect(session.getSnapshot().user?.role).toBe('viewer');
    expect(server.calls.login).toBe(2);
  });
});
