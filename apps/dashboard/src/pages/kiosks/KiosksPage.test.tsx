import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { emptyBatch } from '../../feed/events';
import { signedInAs, type Route } from '../../test/fake-api';
import { kiosksFeedMerger } from './feed-merger';
import { kiosk } from './fixtures';
import KiosksPage from './KiosksPage';

function Search() {
  return <output data-testid="search">{useLocation().search}</output>;
}

const fleet = [
  kiosk(1, { name: 'Retiro hall', status: 'online' }),
  kiosk(2, { name: 'Palermo mall', status: 'offline' }),
  kiosk(3, { name: 'Belgrano', status: 'offline' }),
];

/** GET /kiosks in two pages (cursor `p2`), as the API pages a fleet. */
const kioskPages: Route = (req) => {
  if (req.method !== 'GET' || req.url.pathname !== '/api/v1/kiosks') return undefined;
  return req.url.searchParams.get('cursor') === 'p2'
    ? { status: 200, body: { items: fleet.slice(2), nextCursor: null } }
    : { status: 200, body: { items: fleet.slice(0, 2), nextCursor: 'p2' } };
};

const rowNames = () =>
  within(screen.getByRole('table', { name: 'Kiosks' }))
    .queryAllByRole('link')
    .map((a) => a.textContent);

describe('kiosk list', () => {
  it('shows the address as the location, else the coordinates rounded (exact on hover)', async () => {
    const placed = [
      kiosk(1, { name: 'Retiro hall', location: { lat: -34.59123, lng: -58.37456, address: null } }),
      kiosk(2, {
        name: 'Palermo mall',
        location: { lat: -34.58, lng: -58.42, address: 'Av. Santa Fe 3253' },
      }),
    ];
    const { wrap } = await signedInAs('viewer', [
      (req) =>
        req.url.pathname === '/api/v1/kiosks'
          ? { status: 200, body: { items: placed, nextCursor: null } }
          : undefined,
    ]);
    render(wrap(<KiosksPage />, '/kiosks'));
    expect(await screen.findByText('Av. Santa Fe 3253')).toBeInTheDocument();
    expect(screen.getByText('-34.59, -58.37')).toHaveAttribute('title', '-34.59123, -58.37456');
  });

  it('reads its filters from the URL, asks the server for every page, and filters the status locally', async () => {
    const { wrap, received } = await signedInAs('operator', [kioskPages]);
    render(
      wrap(
        <>
          <KiosksPage />
          <Search />
        </>,
        '/kiosks?status=offline&tag=station&firmwareBelow=2.3.0',
      ),
    );

    await waitFor(() => expect(rowNames()).toEqual(['Palermo mall', 'Belgrano']));
    const queries = received.map((r) => Object.fromEntries(r.url.searchParams));
    expect(queries).toEqual([
      { tag: 'station', firmwareBelow: '2.3.0', limit: '200' },
      { tag: 'station', firmwareBelow: '2.3.0', limit: '200', cursor: 'p2' },
    ]);
    expect(screen.getByLabelText('Tag')).toHaveValue('station');
    expect(screen.getByLabelText('Firmware version')).toHaveValue('2.3.0');
    expect(screen.getByRole('button', { name: /Offline/ })).toHaveAttribute('aria-pressed', 'true');
  });

  it('writes status, sort and (debounced) search changes back to the URL', async () => {
    const { wrap } = await signedInAs('viewer', [kioskPages]);
    render(
      wrap(
        <>
          <KiosksPage />
          <Search />
        </>,
        '/kiosks',
      ),
    );
    await waitFor(() => expect(rowNames()).toHaveLength(3));

    fireEvent.click(screen.getByRole('button', { name: /Online/ }));
    expect(screen.getByTestId('search')).toHaveTextContent('?status=online');
    expect(rowNames()).toEqual(['Retiro hall']);

    fireEvent.click(screen.getByRole('button', { name: /All/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Name' }));
    expect(screen.getByTestId('search')).toHaveTextContent('?sort=name');
    expect(rowNames()).toEqual(['Belgrano', 'Palermo mall', 'Retiro hall']);

    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'mall' } });
    expect(screen.getByTestId('search')).not.toHaveTextContent('q=mall');
    await waitFor(() => expect(screen.getByTestId('search')).toHaveTextContent('?q=mall&sort=name'));
  });

  it('asks the server for the kiosks behind their configuration when that filter is ticked', async () => {
    const { wrap, received } = await signedInAs('operator', [kioskPages]);
    render(
      wrap(
        <>
          <KiosksPage />
          <Search />
        </>,
        '/kiosks',
      ),
    );
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    const drift = screen.getByLabelText('Only kiosks behind their configuration');
    expect(drift).not.toBeChecked();

    fireEvent.click(drift);
    expect(screen.getByTestId('search')).toHaveTextContent('?configDrift=true');
    await waitFor(() =>
      expect(received.map((r) => Object.fromEntries(r.url.searchParams))).toContainEqual({
        configDrift: 'true',
        limit: '200',
      }),
    );
    expect(screen.getByLabelText('Only kiosks behind their configuration')).toBeChecked();
  });

  it('moves a kiosk into the filtered view when the feed says its status changed', async () => {
    const { wrap, queryClient } = await signedInAs('admin', [kioskPages]);
    render(wrap(<KiosksPage />, '/kiosks?status=offline'));
    await waitFor(() => expect(rowNames()).toEqual(['Palermo mall', 'Belgrano']));
    expect(screen.getByRole('button', { name: /Offline/ })).toHaveTextContent('2');

    act(() =>
      kiosksFeedMerger(queryClient, {
        ...emptyBatch(),
        kioskStatus: [
          {
            kioskId: 1,
            status: 'offline',
            connected: false,
            reporting: false,
            peripheralsOk: null,
            canSell: 'none',
            at: '2026-12-07T12:00:00Z',
          },
          {
            kioskId: 3,
            status: 'online',
            connected: true,
            reporting: true,
            peripheralsOk: true,
            canSell: 'full',
            at: '2026-12-07T12:00:00Z',
          },
        ],
      }),
    );
    // The cache notifies its observers on the next tick, as it does for the feed in the app.
    await waitFor(() => expect(rowNames()).toEqual(['Retiro hall', 'Palermo mall']));
    expect(screen.getByRole('button', { name: /Offline/ })).toHaveTextContent('2');
    expect(screen.getAllByText('Cannot sell')).toHaveLength(1);
  });

  it('shows the whole fleet’s status counts from the summary while the pages are still coming', async () => {
    const summary: Route = (req) =>
      req.url.pathname === '/api/v1/kiosks/summary'
        ? {
            status: 200,
            body: {
              total: 9_000,
              byStatus: {
                online: 8_000,
                stale: 10,
                offline: 990,
                blocked: 0,
                maintenance: 0,
                decommissioned: 4,
              },
              bySell: { full: 8_000, card_only: 0, cash_only: 0, none: 10, unknown: 990 },
              attention: [],
            },
          }
        : undefined;
    // The second page fails: the list stays incomplete (two of three kiosks loaded).
    const firstPageOnly: Route = (req) =>
      req.url.pathname === '/api/v1/kiosks'
        ? req.url.searchParams.get('cursor') === 'p2'
          ? {
              status: 500,
              body: { statusCode: 500, error: 'Internal Server Error', message: 'x', details: [] },
            }
          : { status: 200, body: { items: fleet.slice(0, 2), nextCursor: 'p2' } }
        : undefined;
    const { wrap } = await signedInAs('viewer', [summary, firstPageOnly]);
    render(wrap(<KiosksPage />, '/kiosks'));
    await waitFor(() => expect(rowNames()).toHaveLength(2));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /Offline/ })).toHaveTextContent((990).toLocaleString()),
    );
    expect(screen.getByRole('button', { name: /Online/ })).toHaveTextContent((8_000).toLocaleString());
  });
});
