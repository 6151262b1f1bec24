import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { signedInAs, type Route } from '../../test/fake-api';
import { ForecastCard } from './ForecastCard';

// uPlot needs a canvas jsdom lacks; these tests are about what the card asks for and says.
vi.mock('../../components/Chart', () => ({ Chart: () => null }));

const kiosk = (id: number) => ({ id, name: `Kiosk ${id}`, serial: `SN-${id}` });
const routes: Route[] = [
  (req) =>
    req.url.pathname === '/api/v1/kiosks'
      ? { status: 200, body: { items: [kiosk(1), kiosk(2)], nextCursor: null } }
      : undefined,
  (req) =>
    req.url.pathname === '/api/v1/payments/summary'
      ? {
          status: 200,
          body: { groups: [{ key: '2', currency: 'GBP', count: 3, total: '9.00', refunded: '0.00' }] },
        }
      : undefined,
  (req) =>
    req.url.pathname === '/api/v1/ai/forecast'
      ? {
          status: 422,
          body: {
            statusCode: 422,
            error: 'Unprocessable Entity',
            message: 'Kiosk 2 has no sales in the last 365 days to forecast from',
            details: [],
          },
        }
      : undefined,
];

describe('ForecastCard', () => {
  it('opens on the kiosk with sales and shows "no sales history" as an empty state, not an error', async () => {
    const { wrap, received } = await signedInAs('viewer', routes);
    render(wrap(<ForecastCard />));
    expect(await screen.findByText(/has no sales in the past year/)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    const forecasts = received.filter((r) => r.url.pathname === '/api/v1/ai/forecast');
    expect(forecasts.map((r) => r.url.searchParams.get('kioskId'))).toEqual(['2']);
    expect(screen.getByLabelText('Kiosk')).toHaveValue('2');
  });
});
