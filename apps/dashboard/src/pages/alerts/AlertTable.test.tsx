import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { emptyBatch } from '../../feed/events';
import { applyFeedBatch } from '../../feed/registry';
import { AlertTable } from './AlertTable';
import type { Alert, AlertFilters } from './live-merge';
import { useAlertList } from './queries';
import { alertAt } from './test-fixtures';
import { signedInAs, type Route } from '../../test/fake-api';

const OPEN: AlertFilters = { status: 'open' };

function alert(title: string, minute: number, over: Partial<Alert> = {}): Alert {
  return alertAt(minute, { kioskId: 7, title, occurrences: 2, ...over });
}

function Inbox() {
  const list = useAlertList(OPEN);
  return (
    <AlertTable
      alerts={list.data?.pages.flatMap((p) => p.items) ?? []}
      onOpen={() => undefined}
      freshIds={new Set()}
    />
  );
}

const listing =
  (items: Alert[]): Route =>
  (req) =>
    req.method === 'GET' && req.url.pathname === '/api/v1/alerts'
      ? { status: 200, body: { items, nextCursor: null } }
      : undefined;

describe('alerts inbox', () => {
  it('names the kiosk (serial on hover), not its id', async () => {
    const kiosks: Route = (req) =>
      req.url.pathname === '/api/v1/kiosks/map-points'
        ? {
            status: 200,
            body: {
              items: [
                {
                  id: 7,
                  name: 'Lobby North',
                  serial: 'SN-0007',
                  lat: 0,
                  lng: 0,
                  status: 'online',
                  canSell: 'full',
                },
              ],
            },
          }
        : undefined;
    const { wrap } = await signedInAs('viewer', [listing([alert('Overheat', 30)]), kiosks]);
    render(wrap(<Inbox />));
    const link = await screen.findByRole('link', { name: 'Lobby North' });
    expect(link).toHaveAttribute('href', '/kiosks/7');
    expect(link).toHaveAttribute('title', 'SN-0007');
  });

  it('shows a viewer the alerts without any action', async () => {
    const { wrap } = await signedInAs('viewer', [listing([alert('Overheat', 30)])]);
    render(wrap(<Inbox />));
    expect(await screen.findByText('Overheat')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /acknowledge/i })).toBeNull();
    expect(screen.queryByRole('button', { name: /resolve/i })).toBeNull();
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).toBeNull();
  });

  it('adds an alert raised on the feed to the open inbox, where the server would list it', async () => {
    const { wrap, queryClient } = await signedInAs('operator', [listing([alert('Paper jam', 10)])]);
    render(wrap(<Inbox />));
    await screen.findByText('Paper jam');
    act(() =>
      applyFeedBatch(queryClient, {
        ...emptyBatch(),
        alerts: [alert('Overheat', 30), alert('Other status', 40, { status: 'resolved' })],
      }),
    );
    // header, then newest first; the resolved alert does not belong in the open inbox
    await waitFor(() =>
      expect(
        screen
          .getAllByRole('row')
          .slice(1)
          .map((r) => within(r).getAllByRole('cell')[1].textContent),
      ).toEqual([expect.stringContaining('Overheat'), expect.stringContaining('Paper jam')]),
    );
  });

  it('lets an operator acknowledge: the call is made and the alert leaves the open inbox', async () => {
    const overheat = alert('Overheat', 30);
    const acked: Route = (req) =>
      req.method === 'POST' && req.url.pathname === `/api/v1/alerts/${overheat.id}/acknowledge`
        ? {
            status: 200,
            body: { ...overheat, status: 'acknowledged', acknowledgedAt: '2026-11-25T10:31:00.000Z' },
          }
        : undefined;
    const { wrap, received } = await signedInAs('operator', [listing([overheat]), acked]);
    render(wrap(<Inbox />));
    fireEvent.click(await screen.findByRole('button', { name: 'Acknowledge: Overheat' }));
    await waitFor(() => expect(screen.queryByText('Overheat')).toBeNull());
    expect(received.filter((r) => r.method === 'POST').map((r) => [r.url.pathname, r.body])).toEqual([
      [`/api/v1/alerts/${overheat.id}/acknowledge`, {}],
    ]);
  });

  it('resolves with the false-positive label and a note', async () => {
    const overheat = alert('Overheat', 30);
    const resolved: Route = (req) =>
      req.method === 'POST' && req.url.pathname.endsWith('/resolve')
        ? { status: 200, body: { ...overheat, status: 'resolved', falsePositive: true } }
        : undefined;
    const { wrap, received } = await signedInAs('operator', [listing([overheat]), resolved]);
    render(wrap(<Inbox />));
    fireEvent.click(await screen.findByRole('button', { name: 'Resolve: Overheat' }));
    const dialog = await screen.findByRole('dialog', { name: 'Resolve alert' });
    fireEvent.click(within(dialog).getByLabelText('It was a false positive'));
    fireEvent.change(within(dialog).getByLabelText('Note (optional)'), {
      target: { value: ' sensor unplugged ' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Resolve' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(received.find((r) => r.method === 'POST')?.body).toEqual({
      falsePositive: true,
      note: 'sensor unplugged',
    });
    expect(screen.queryByText('Overheat')).toBeNull();
  });
});
