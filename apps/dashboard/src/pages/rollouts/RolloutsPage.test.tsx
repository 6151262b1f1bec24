import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { answer, page, signedInAs, type Route } from '../../test/fake-api';
import { rollout, ROLLOUT_ID, SHA } from './fixtures';
import RolloutsPage from './RolloutsPage';

/** Rendering whole pages with their dialogs: generous on a machine shared with browser e2e runs. */
const RENDER_TIMEOUT_MS = 30_000;

function Where() {
  return <output data-testid="where">{useLocation().pathname}</output>;
}

/** Fills the create dialog with a valid rollout of 2.4.0 to the `station` tag. */
function fillDialog(dialog: HTMLElement) {
  const set = (label: string, value: string) =>
    fireEvent.change(within(dialog).getByLabelText(label), { target: { value } });
  set('Name', 'Stations first');
  set('Firmware version', '2.4.0');
  set('Image URL', 'https://updates.example.com/kiosk-2.4.0.img');
  set('SHA-256 of the image', SHA);
  set('Tag', 'station');
  set('Waves (% of the kiosks each)', '25, 75');
  set('Failure threshold (%)', '10');
  set('Wait between waves (seconds)', '3600');
  fireEvent.click(within(dialog).getByLabelText('Update kiosks only inside their maintenance windows'));
}

describe('rollouts page', { timeout: RENDER_TIMEOUT_MS }, () => {
  it('lists rollouts with their status and each wave’s progress', async () => {
    const { wrap } = await signedInAs('operator', [
      answer(
        'GET',
        '/api/v1/rollouts',
        200,
        page([
          rollout(),
          rollout({ id: 'b', name: 'Old one', status: 'aborted', currentWave: null, heldBy: null }),
        ]),
      ),
    ]);
    render(wrap(<RolloutsPage />));
    const table = await screen.findByRole('table', { name: 'Rollouts' });
    const row = within(table)
      .getAllByRole('row')
      .find((r) => r.textContent?.includes('stations first'));
    expect(row).toBeDefined();
    expect(row).toHaveTextContent('Running');
    expect(row).toHaveTextContent('Tag station');
    const waves = within(row!).getByRole('list', { name: 'Waves of Firmware 2.4.0, stations first' });
    expect(
      within(waves)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Wave 1: 3 ok · 1 failed · 4 total', 'Wave 2: 0 ok · 0 failed · 4 total']);
    expect(within(table).getByText('Aborted')).toBeInTheDocument();
    // Operators read rollouts; creating and steering them is the admins'.
    expect(screen.queryByRole('button', { name: 'New rollout' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Pause/ })).toBeNull();
  });

  it('creates a draft from the dialog and opens it', async () => {
    let created = false;
    const draft = rollout({ status: 'draft', currentWave: null, heldBy: null, startedAt: null });
    const { wrap, received } = await signedInAs('admin', [
      (req) =>
        req.method === 'GET' && req.url.pathname === '/api/v1/rollouts'
          ? { status: 200, body: page(created ? [draft] : []) }
          : undefined,
      (req) => {
        if (req.method !== 'POST' || req.url.pathname !== '/api/v1/rollouts') return undefined;
        created = true;
        return { status: 201, body: draft };
      },
    ]);
    render(
      wrap(
        <>
          <RolloutsPage />
          <Where />
        </>,
        '/rollouts',
      ),
    );
    expect(await screen.findByText('No rollouts yet')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'New rollout' }));
    const dialog = screen.getByRole('dialog', { name: 'New rollout' });
    fillDialog(dialog);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create draft' }));

    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent(`/rollouts/${ROLLOUT_ID}`));
    expect(received.find((r) => r.method === 'POST')?.body).toEqual({
      name: 'Stations first',
      command: 'update',
      params: { version: '2.4.0', url: 'https://updates.example.com/kiosk-2.4.0.img', sha256: SHA },
      target: { tag: 'station' },
      waves: [25, 75],
      failureThreshold: 0.1,
      waitSeconds: 3600,
      respectMaintenanceWindows: true,
    });
  });

  it('checks the form before sending, then places the API’s refusals next to their fields', async () => {
    const { wrap, received } = await signedInAs('admin', [
      answer('GET', '/api/v1/rollouts', 200, page([])),
      answer('POST', '/api/v1/rollouts', 422, {
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'Unknown kiosk ids',
        details: [{ field: 'target.kioskIds', message: 'no kiosk with id 999' }],
      }),
    ]);
    render(wrap(<RolloutsPage />));
    fireEvent.click(await screen.findByRole('button', { name: 'New rollout' }));
    const dialog = screen.getByRole('dialog', { name: 'New rollout' });
    fillDialog(dialog);
    fireEvent.change(within(dialog).getByLabelText('Waves (% of the kiosks each)'), {
      target: { value: '30, 30' },
    });
    fireEvent.change(within(dialog).getByLabelText('SHA-256 of the image'), { target: { value: 'abc' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create draft' }));
    expect(within(dialog).getByLabelText('Waves (% of the kiosks each)')).toHaveAccessibleDescription(
      'The waves must add up to 100 (now 60).',
    );
    expect(within(dialog).getByLabelText('SHA-256 of the image')).toHaveAccessibleDescription(
      '64 hexadecimal digits.',
    );
    expect(received.filter((r) => r.method === 'POST')).toEqual([]);

    fireEvent.change(within(dialog).getByLabelText('Waves (% of the kiosks each)'), {
      target: { value: '100' },
    });
    fireEvent.change(within(dialog).getByLabelText('SHA-256 of the image'), { target: { value: SHA } });
    fireEvent.change(within(dialog).getByLabelText('Target kiosks by'), { target: { value: 'kioskIds' } });
    fireEvent.change(within(dialog).getByLabelText('Kiosk ids'), { target: { value: '3, 999' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create draft' }));
    await waitFor(() =>
      expect(within(dialog).getByLabelText('Kiosk ids')).toHaveAccessibleDescription('no kiosk with id 999'),
    );
    expect(received.find((r) => r.method === 'POST')?.body).toMatchObject({
      target: { kioskIds: [3, 999] },
      waves: [100],
    });
  });

  it('starts a draft from its row for an admin', async () => {
    const draft = rollout({ status: 'draft', currentWave: null, heldBy: null });
    const { wrap, received } = await signedInAs('admin', [
      answer('GET', '/api/v1/rollouts', 200, page([draft])),
      answer('POST', `/api/v1/rollouts/${ROLLOUT_ID}/start`, 200, rollout()),
    ]);
    render(wrap(<RolloutsPage />));
    fireEvent.click(await screen.findByRole('button', { name: 'Start Firmware 2.4.0, stations first' }));
    expect(
      await screen.findByRole('button', { name: 'Pause Firmware 2.4.0, stations first' }),
    ).toBeInTheDocument();
    expect(received.filter((r) => r.method === 'POST').map((r) => r.url.pathname)).toEqual([
      `/api/v1/rollouts/${ROLLOUT_ID}/start`,
    ]);
  });

  it('shows a failed list with a retry', async () => {
    const failing: Route = (req) =>
      req.url.pathname === '/api/v1/rollouts'
        ? {
            status: 503,
            body: {
              statusCode: 503,
              error: 'Service Unavailable',
              message: 'down',
              details: [],
              requestId: 'r-1',
            },
          }
        : undefined;
    const { wrap } = await signedInAs('admin', [failing]);
    render(wrap(<RolloutsPage />));
    expect(await screen.findByRole('alert')).toHaveTextContent('The server failed to answer');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
