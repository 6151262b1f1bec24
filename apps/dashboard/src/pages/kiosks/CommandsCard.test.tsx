import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { emptyBatch } from '../../feed/events';
import { answer, page, signedInAs, type Route } from '../../test/fake-api';
import { CommandsCard } from './CommandsCard';
import { kiosksFeedMerger } from './feed-merger';
import { command } from './fixtures';

const older = command({
  id: '11111111-0000-4000-8000-000000000001',
  command: 'block',
  status: 'succeeded',
  sentAt: '2026-12-07T09:00:01Z',
  completedAt: '2026-12-07T09:00:02Z',
  createdAt: '2026-12-07T09:00:00Z',
});
const listRoute = answer('GET', '/api/v1/kiosks/1/commands', 200, page([older]));
const detailRoute: Route = (req) =>
  req.method === 'GET' && req.url.pathname.startsWith('/api/v1/commands/')
    ? { status: 200, body: req.url.pathname.endsWith(older.id) ? older : issued }
    : undefined;
const issued = command({ id: '22222222-0000-4000-8000-000000000002', params: { reason: 'frozen screen' } });

describe('commands on the kiosk page', () => {
  it('shows a viewer the commands and their lifecycle, with no form and no send button', async () => {
    const { wrap } = await signedInAs('viewer', [listRoute, detailRoute]);
    render(wrap(<CommandsCard kioskId={1} />));
    await screen.findByRole('button', { name: /Block/ });
    expect(screen.queryByRole('form')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Send command' })).toBeNull();
    const steps = within(screen.getByRole('list', { name: 'Lifecycle' })).getAllByRole('listitem');
    // Status and its time (or, for a step passed without stopping, that it was skipped).
    expect(steps.map((li) => li.querySelector('p')?.textContent)).toEqual([
      'Pending',
      'Sent',
      'Acknowledged',
      'Succeeded',
    ]);
    expect(within(steps[2]).getByText('Skipped')).toBeInTheDocument();
    expect(within(steps[3]).queryByText('Not yet')).toBeNull();
  });

  it('offers every page command but refund, and explains invalid fields without sending', async () => {
    const { wrap, received } = await signedInAs('operator', [listRoute, detailRoute]);
    render(wrap(<CommandsCard kioskId={1} />));
    const form = await screen.findByRole('form', { name: 'Send a command' });
    const select = within(form).getByLabelText('Command');
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.getAttribute('value')),
    ).toEqual(['restart', 'block', 'unblock', 'maintenance', 'update']);

    fireEvent.change(select, { target: { value: 'update' } });
    fireEvent.change(within(form).getByLabelText('Expires after (seconds)'), { target: { value: '3' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Send command' }));
    expect(within(form).getByText('Enter the version to install.')).toBeInTheDocument();
    expect(within(form).getByText('A whole number from 5 to 86400.')).toBeInTheDocument();
    expect(within(form).getByLabelText('Firmware version')).toHaveAttribute('aria-invalid', 'true');
    expect(received.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('sends a restart once per form, shows it, and follows it to succeeded from the feed', async () => {
    const post: Route = (req) => (req.method === 'POST' ? { status: 202, body: issued } : undefined);
    const { wrap, received, queryClient } = await signedInAs('operator', [listRoute, detailRoute, post]);
    render(wrap(<CommandsCard kioskId={1} />));
    const form = await screen.findByRole('form', { name: 'Send a command' });
    fireEvent.change(within(form).getByLabelText('Reason (optional)'), {
      target: { value: ' frozen screen ' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Send command' }));

    await screen.findByText('Restart sent. Follow it below.');
    const posts = received.filter((r) => r.method === 'POST');
    expect(posts.map((r) => [r.url.pathname, r.body])).toEqual([
      [
        '/api/v1/kiosks/1/commands',
        { command: 'restart', params: { reason: 'frozen screen' }, ttlSeconds: 120 },
      ],
    ]);
    expect(posts[0].headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);

    const newest = () => screen.getAllByTestId('command-row')[0];
    expect(newest()).toHaveAttribute('data-status', 'pending');
    act(() =>
      kiosksFeedMerger(queryClient, {
        ...emptyBatch(),
        commands: [
          { id: issued.id, kioskId: 1, command: 'restart', status: 'sent', at: '2026-12-07T10:00:01Z' },
          { id: issued.id, kioskId: 1, command: 'restart', status: 'succeeded', at: '2026-12-07T10:00:04Z' },
        ],
      }),
    );
    await waitFor(() => expect(newest()).toHaveAttribute('data-status', 'succeeded'));
    expect(within(newest()).getAllByText('Succeeded').length).toBeGreaterThan(0);
  });
});
