import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { answer, page, signedInAs } from '../../../test/fake-api';
import UsersPage from './UsersPage';

/** Rendering whole pages with their dialogs: generous on a machine shared with browser e2e runs. */
const RENDER_TIMEOUT_MS = 30_000;

const ana = {
  id: 'u-ana',
  username: 'ana',
  role: 'admin' as const,
  disabled: false,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};
const listUsers = answer('GET', '/api/v1/users', 200, page([ana]));

async function openCreateDialog() {
  fireEvent.click(await screen.findByRole('button', { name: 'New user' }));
  return screen.getByRole('dialog');
}

describe('users page', { timeout: RENDER_TIMEOUT_MS }, () => {
  it('checks the new user on the client, with the API rules, before sending anything', async () => {
    const { wrap, received } = await signedInAs('admin', [listUsers]);
    render(wrap(<UsersPage />));
    const dialog = await openCreateDialog();
    fireEvent.change(within(dialog).getByLabelText('Username'), { target: { value: 'a b' } });
    fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: 'short' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'New user' }));

    expect(within(dialog).getByLabelText('Username')).toHaveAccessibleDescription(
      'Only letters, digits, ".", "_" and "-".',
    );
    expect(within(dialog).getByLabelText('Password')).toHaveAccessibleDescription('At least 12 characters.');
    expect(received.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('shows a 409 beside the field it names, and sends the username as the API stores it', async () => {
    const taken = answer('POST', '/api/v1/users', 409, {
      statusCode: 409,
      error: 'Conflict',
      message: 'Username "ana" is taken',
      details: [{ field: 'username', message: 'already exists' }],
    });
    const { wrap, received } = await signedInAs('admin', [listUsers, taken]);
    render(wrap(<UsersPage />));
    const dialog = await openCreateDialog();
    fireEvent.change(within(dialog).getByLabelText('Username'), { target: { value: ' Ana ' } });
    fireEvent.change(within(dialog).getByLabelText('Password'), {
      target: { value: 'correct-horse-battery' },
    });
    fireEvent.change(within(dialog).getByLabelText('Role'), { target: { value: 'operator' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'New user' }));

    await waitFor(() =>
      expect(within(dialog).getByLabelText('Username')).toHaveAccessibleDescription('already exists'),
    );
    expect(received.find((r) => r.method === 'POST')?.body).toEqual({
      username: 'ana',
      password: 'correct-horse-battery',
      role: 'operator',
    });
    // Editing the field clears the server's verdict: it may no longer apply.
    fireEvent.change(within(dialog).getByLabelText('Username'), { target: { value: 'ana2' } });
    expect(within(dialog).getByLabelText('Username')).not.toHaveAccessibleDescription('already exists');
  });

  it('asks before deleting and keeps the dialog open with the API reason when refused', async () => {
    const lastAdmin = answer('DELETE', `/api/v1/users/${ana.id}`, 422, {
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: 'Cannot delete the last admin',
      details: [],
    });
    const { wrap, received } = await signedInAs('admin', [listUsers, lastAdmin]);
    render(wrap(<UsersPage />));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete ana' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete ana?' });
    expect(received.some((r) => r.method === 'DELETE')).toBe(false);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Cannot delete the last admin');
  });
});
