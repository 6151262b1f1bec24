import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { answer, page, signedInAs } from '../../../test/fake-api';
import ApiKeysPage from './ApiKeysPage';

/** Rendering whole pages with their dialogs: generous on a machine shared with browser e2e runs. */
const RENDER_TIMEOUT_MS = 30_000;

const KEY = 'kf_q7mz2kxa_4pVw0bJ7x0m2sQ9yTzX1cKfH3nR8uLdE6aG5iO_vBqY';
const apiKey = {
  id: '6f1c2a4e-7b1d-4c0e-9a55-3e2f1d0c9b8a',
  name: 'ERP',
  prefix: 'kf_q7mz2kxa',
  role: 'viewer' as const,
  tags: ['station'],
  createdAt: '2026-12-07T10:00:00.000Z',
  expiresAt: null,
  lastUsedAt: null,
};

/** Opens "New API key", names it ERP for the station tag and submits; returns the dialog. */
async function submitNewKey() {
  fireEvent.click(await screen.findByRole('button', { name: 'New API key' }));
  const dialog = screen.getByRole('dialog');
  fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'ERP' } });
  fireEvent.change(within(dialog).getByLabelText('Kiosk tags'), { target: { value: 'station' } });
  fireEvent.click(within(dialog).getByRole('button', { name: 'New API key' }));
  return dialog;
}

describe('API keys page', { timeout: RENDER_TIMEOUT_MS }, () => {
  it('shows a new key exactly once, then only its prefix', async () => {
    let created = false;
    const { wrap } = await signedInAs('admin', [
      (req) =>
        req.method === 'GET' && req.url.pathname === '/api/v1/api-keys'
          ? { status: 200, body: page(created ? [apiKey] : []) }
          : undefined,
      (req) => {
        if (req.method !== 'POST' || req.url.pathname !== '/api/v1/api-keys') return undefined;
        created = true;
        return { status: 201, body: { apiKey, key: KEY } };
      },
    ]);
    render(wrap(<ApiKeysPage />));
    await submitNewKey();

    const shown = await screen.findByLabelText('API key');
    expect(shown).toHaveValue(KEY);
    expect(screen.getByRole('note')).toHaveTextContent('shown only this once');
    fireEvent.click(screen.getByRole('button', { name: 'I have copied it' }));

    expect(await screen.findByText('kf_q7mz2kxa…')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.body.innerHTML).not.toContain(KEY);
  });

  it('maps a refused tag list to the tags field', async () => {
    const { wrap } = await signedInAs('admin', [
      answer('GET', '/api/v1/api-keys', 200, page([])),
      answer('POST', '/api/v1/api-keys', 400, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed',
        details: [{ field: 'tags', message: 'each tag must be 1-40 letters, digits or . _ : / -' }],
      }),
    ]);
    render(wrap(<ApiKeysPage />));
    const dialog = await submitNewKey();
    await waitFor(() =>
      expect(within(dialog).getByLabelText('Kiosk tags')).toHaveAccessibleDescription(
        'each tag must be 1-40 letters, digits or . _ : / -',
      ),
    );
    expect(within(dialog).queryByRole('alert')).toBeNull();
  });
});
