import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { answer, signedInAs } from '../../../test/fake-api';
import TagConfigsPage from './TagConfigsPage';

/** Rendering whole pages with their dialogs: generous on a machine shared with browser e2e runs. */
const RENDER_TIMEOUT_MS = 30_000;
const PATH = '/api/v1/kiosk-configs/tags/station';

async function openTag(tag: string) {
  fireEvent.change(await screen.findByLabelText('Tag'), { target: { value: tag } });
  fireEvent.click(screen.getByRole('button', { name: 'Open' }));
}

describe('tag settings page', { timeout: RENDER_TIMEOUT_MS }, () => {
  it('opens a tag without settings as an empty editor and saves them, saying how many kiosks changed', async () => {
    const { wrap, received } = await signedInAs('admin', [
      answer('GET', PATH, 404, {
        statusCode: 404,
        error: 'Not Found',
        message: 'No settings for tag station',
        details: [],
      }),
      answer('PUT', PATH, 200, {
        tag: 'station',
        settings: { telemetry_interval_sec: 5 },
        updatedAt: '2026-12-07T10:00:00.000Z',
        kiosksChanged: 12,
      }),
    ]);
    render(wrap(<TagConfigsPage />));
    await openTag('station');
    const form = await screen.findByRole('form', { name: 'Settings of tag station' });
    expect(screen.getByText('This tag has no settings yet.')).toBeInTheDocument();
    const editor = within(form).getByLabelText('Settings (JSON)');
    expect(editor).toHaveValue('{}');

    fireEvent.change(editor, { target: { value: '{"telemetry_interval_sec": 5}' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Saved: 12 kiosks get a new version.');
    // The saved tag now has settings: the same editor says when they changed, and keeps the message.
    await waitFor(() => expect(screen.queryByText('This tag has no settings yet.')).toBeNull());
    expect(screen.getByText(/^Last changed/)).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Saved: 12 kiosks get a new version.');
    expect(received.find((r) => r.method === 'PUT')?.body).toEqual({
      settings: { telemetry_interval_sec: 5 },
    });
  });

  it('refuses a malformed tag before asking, and shows the API’s 422 above the editor', async () => {
    const { wrap, received } = await signedInAs('admin', [
      answer('GET', PATH, 200, { tag: 'station', settings: { a: 1 }, updatedAt: '2026-12-07T10:00:00.000Z' }),
      answer('PUT', PATH, 422, {
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'The merged settings of 2 kiosk(s) would exceed 8192 bytes',
        details: [],
      }),
    ]);
    render(wrap(<TagConfigsPage />));
    await openTag('no spaces');
    expect(screen.getByLabelText('Tag')).toHaveAccessibleDescription(
      '"no spaces" is not a valid tag: 1–40 letters, digits or . _ : / -',
    );
    expect(received).toEqual([]);

    await openTag('station');
    const form = await screen.findByRole('form', { name: 'Settings of tag station' });
    expect(JSON.parse((within(form).getByLabelText('Settings (JSON)') as HTMLTextAreaElement).value)).toEqual(
      { a: 1 },
    );
    fireEvent.click(within(form).getByRole('button', { name: 'Save settings' }));
    await waitFor(() =>
      expect(within(form).getByRole('alert')).toHaveTextContent(
        'The merged settings of 2 kiosk(s) would exceed 8192 bytes',
      ),
    );
  });
});
