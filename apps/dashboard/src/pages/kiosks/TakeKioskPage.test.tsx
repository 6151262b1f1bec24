import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { signedInAs, type Route } from '../../test/fake-api';
import { kiosk } from './fixtures';
import TakeKioskPage from './TakeKioskPage';

/** POST /kiosks/assign: `FREE000001` is free, `TAKEN00001` someone else's. */
const assign: Route = (req) => {
  if (req.method !== 'POST' || req.url.pathname !== '/api/v1/kiosks/assign') return undefined;
  const { code } = req.body as { code: string };
  if (code === 'FREE000001')
    return { status: 200, body: kiosk(7, { name: 'Retiro hall', code, assignedTo: 'viewer-id' }) };
  return {
    status: 409,
    body: { statusCode: 409, error: 'Conflict', message: 'Kiosk already assigned', details: [] },
  };
};

async function typeCode(code: string) {
  fireEvent.change(screen.getByLabelText('Claim code'), { target: { value: code } });
  fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
}

describe('take a kiosk', () => {
  it('refuses a QR text that is not a kiosk code before asking the server', async () => {
    const { wrap, received } = await signedInAs('viewer', [assign]);
    render(wrap(<TakeKioskPage />, '/kiosks/take'));
    await typeCode('https://example.com/menu');
    expect(screen.getByRole('alert')).toHaveTextContent('This QR code is not a kiosk code.');
    expect(received).toEqual([]);
  });

  it('confirms, then says in words that a kiosk is already someone else’s (409)', async () => {
    const { wrap } = await signedInAs('operator', [assign]);
    render(wrap(<TakeKioskPage />, '/kiosks/take'));
    await typeCode(' TAKEN00001 ');
    expect(screen.getByTestId('scanned-code')).toHaveTextContent('TAKEN00001');
    fireEvent.click(screen.getByRole('button', { name: 'Take it' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('already assigned to someone else');
  });

  it('assigns a free kiosk and links to it', async () => {
    const { wrap, received } = await signedInAs('viewer', [assign]);
    render(wrap(<TakeKioskPage />, '/kiosks/take'));
    await typeCode('FREE000001');
    fireEvent.click(screen.getByRole('button', { name: 'Take it' }));
    const done = await screen.findByRole('status');
    expect(done).toHaveTextContent('Retiro hall');
    expect(screen.getByRole('link', { name: 'Open the kiosk' })).toHaveAttribute('href', '/kiosks/7');
    expect(received.map((r) => r.body)).toEqual([{ code: 'FREE000001' }]);
    expect(within(done).getByText('Online')).toBeInTheDocument();
  });
});
