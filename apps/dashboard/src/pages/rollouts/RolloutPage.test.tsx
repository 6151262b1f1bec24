import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Route as RouterRoute, Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { emptyBatch } from '../../feed/events';
import { answer, signedInAs, type Route } from '../../test/fake-api';
import { rollout, ROLLOUT_ID, wave } from './fixtures';
import { rolloutKeys, rolloutsFeedMerger } from './queries';
import RolloutPage from './RolloutPage';

/** Rendering whole pages with their dialogs: generous on a machine shared with browser e2e runs. */
const RENDER_TIMEOUT_MS = 30_000;
const PATH = `/api/v1/rollouts/${ROLLOUT_ID}`;

function page() {
  return (
    <Routes>
      <RouterRoute path="/rollouts/:id" element={<RolloutPage />} />
    </Routes>
  );
}

describe('rollout page', { timeout: RENDER_TIMEOUT_MS }, () => {
  it('shows each wave, the threshold and what holds the next wave, in words', async () => {
    const { wrap } = await signedInAs('admin', [answer('GET', PATH, 200, rollout())]);
    render(wrap(page(), `/rollouts/${ROLLOUT_ID}`));

    expect(
      await screen.findByRole('heading', { name: 'Firmware 2.4.0, stations first' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('rollout-held-by')).toHaveTextContent(
      "Waiting: held by alerts: the last wave's kiosks raise more alerts than before the update.",
    );
    const rows = within(screen.getByRole('table', { name: 'Waves' })).getAllByTestId('rollout-wave');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Wave 1');
    expect(rows[0]).toHaveTextContent('Finished');
    expect(rows[0]).toHaveTextContent('3 ok · 1 failed · 4 total');
    expect(rows[1]).toHaveTextContent('Not started');
    expect(rows[1]).toHaveAttribute('aria-current', 'step');
    expect(screen.getByText('25 % of a wave')).toBeInTheDocument();
    expect(screen.getByText('Tag station')).toBeInTheDocument();
  });

  it('says what holds it in Spanish too', async () => {
    await i18n.changeLanguage('es');
    try {
      const { wrap } = await signedInAs('operator', [
        answer('GET', PATH, 200, rollout({ heldBy: { guard: 'maintenance_window', detail: '2 kiosk(s)' } })),
      ]);
      render(wrap(page(), `/rollouts/${ROLLOUT_ID}`));
      expect(await screen.findByTestId('rollout-held-by')).toHaveTextContent(
        'En espera: las ventanas de mantenimiento de los quioscos: solo se actualizan dentro de ellas.',
      );
      expect(screen.getByTestId('rollout-status')).toHaveTextContent('En curso');
    } finally {
      await i18n.changeLanguage('en');
    }
  });

  it('names a wave over the failure threshold', async () => {
    const failing = rollout({
      waves: [
        wave(0, { succeeded: 2, failed: 2, pending: 0, startedAt: '2026-12-07T10:00:00.000Z' }),
        wave(1),
      ],
    });
    const { wrap } = await signedInAs('operator', [answer('GET', PATH, 200, failing)]);
    render(wrap(page(), `/rollouts/${ROLLOUT_ID}`));
    const rows = await screen.findAllByTestId('rollout-wave');
    expect(rows[0]).toHaveTextContent('Too many failures');
  });

  it('pauses a running rollout for an admin, then offers to resume it', async () => {
    const { wrap, received } = await signedInAs('admin', [
      answer('GET', PATH, 200, rollout()),
      answer('POST', `${PATH}/pause`, 200, rollout({ status: 'paused', heldBy: null })),
    ]);
    render(wrap(page(), `/rollouts/${ROLLOUT_ID}`));
    fireEvent.click(await screen.findByRole('button', { name: 'Pause' }));

    expect(await screen.findByRole('button', { name: 'Resume' })).toBeInTheDocument();
    expect(screen.getByTestId('rollout-status')).toHaveAttribute('data-status', 'paused');
    expect(screen.queryByTestId('rollout-held-by')).toBeNull();
    expect(received.filter((r) => r.method === 'POST').map((r) => r.url.pathname)).toEqual([`${PATH}/pause`]);
  });

  it('asks before cancelling, and shows why the API refused', async () => {
    const { wrap, received } = await signedInAs('admin', [
      answer('GET', PATH, 200, rollout()),
      answer('POST', `${PATH}/cancel`, 422, {
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'Rollout is completed; only a draft, running or paused rollout can be cancelled',
        details: [],
      }),
    ]);
    render(wrap(page(), `/rollouts/${ROLLOUT_ID}`));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel rollout' }));
    const dialog = screen.getByRole('dialog', { name: 'Cancel “Firmware 2.4.0, stations first”?' });
    expect(received.filter((r) => r.method === 'POST')).toEqual([]);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel rollout' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Rollout is completed; only a draft, running or paused rollout can be cancelled',
    );
  });

  it('shows an operator the rollout without any action', async () => {
    const { wrap } = await signedInAs('operator', [answer('GET', PATH, 200, rollout())]);
    render(wrap(page(), `/rollouts/${ROLLOUT_ID}`));
    await screen.findByTestId('rollout-held-by');
    expect(screen.queryByRole('button', { name: 'Pause' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Cancel rollout' })).toBeNull();
  });

  it('takes a rollout_updated event at once, then reads the rollout again for what holds it', async () => {
    let reads = 0;
    const reader: Route = (req) => {
      if (req.method !== 'GET' || req.url.pathname !== PATH) return undefined;
      reads += 1;
      return {
        status: 200,
        body:
          reads === 1
            ? rollout()
            : rollout({ heldBy: { guard: 'sales', detail: 'sales fell' }, waves: [wave(0), wave(1)] }),
      };
    };
    const { wrap, queryClient } = await signedInAs('admin', [reader]);
    render(wrap(page(), `/rollouts/${ROLLOUT_ID}`));
    await screen.findByTestId('rollout-held-by');

    const moved = [
      wave(0, { succeeded: 4, failed: 0, pending: 0, startedAt: '2026-12-07T10:00:00.000Z' }),
      wave(1, { succeeded: 1, pending: 3, startedAt: '2026-12-07T10:15:00.000Z' }),
    ];
    act(() =>
      rolloutsFeedMerger(queryClient, {
        ...emptyBatch(),
        rollouts: [
          {
            id: ROLLOUT_ID,
            name: 'Firmware 2.4.0, stations first',
            status: 'running',
            currentWave: 1,
            waves: moved,
            reason: null,
            at: '2026-12-07T10:16:00.000Z',
          },
        ],
      }),
    );
    expect(queryClient.getQueryData(rolloutKeys.rollout(ROLLOUT_ID))).toMatchObject({ waves: moved });
    await waitFor(() => expect(screen.getByTestId('rollout-held-by')).toHaveAttribute('data-guard', 'sales'));
    expect(reads).toBe(2);
  });

  it('says so when the rollout does not exist', async () => {
    const { wrap } = await signedInAs('admin', []);
    render(wrap(page(), `/rollouts/${ROLLOUT_ID}`));
    expect(await screen.findByText('This rollout does not exist')).toBeInTheDocument();
  });
});
