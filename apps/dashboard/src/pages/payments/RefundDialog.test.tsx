import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { payment as paymentDto } from '../../feed/test-fixtures';
import { signedInAs, type Route } from '../../test/fake-api';
import { PaymentTable } from './PaymentTable';
import { RefundDialog } from './RefundDialog';
import type { Payment } from './refund';

// a completed card payment of USD 12.50, nothing refunded yet
const payment: Payment = paymentDto('6f0c3a52-1d2e-4a4b-9a51-6c1f4f7b2d10', {
  kioskId: 3,
  transactionId: 'TX-77',
  occurredAt: '2026-11-25T10:00:00.000Z',
  createdAt: '2026-11-25T10:00:01.000Z',
});

describe('refunds', () => {
  it('a viewer sees payments without refund buttons; an operator gets one per refundable payment', async () => {
    const failed = {
      ...payment,
      id: '7f0c3a52-1d2e-4a4b-9a51-6c1f4f7b2d10',
      transactionId: 'TX-78',
      status: 'failed' as const,
    };
    const viewer = await signedInAs('viewer');
    const { unmount } = render(
      viewer.wrap(<PaymentTable payments={[payment, failed]} onRefund={() => undefined} />),
    );
    expect(screen.getByText('TX-77')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /refund/i })).toBeNull();
    unmount();

    const operator = await signedInAs('operator');
    render(operator.wrap(<PaymentTable payments={[payment, failed]} onRefund={() => undefined} />));
    expect(
      screen.getAllByRole('button', { name: /refund/i }).map((b) => b.getAttribute('aria-label')),
    ).toEqual(['Refund TX-77']);
  });

  it('shows field problems before sending anything', async () => {
    const { wrap, received } = await signedInAs('operator');
    render(wrap(<RefundDialog payment={payment} onClose={() => undefined} />));
    const dialog = screen.getByRole('dialog', { name: 'Refund payment' });
    fireEvent.change(within(dialog).getByLabelText('Amount'), { target: { value: '13' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Refund' }));
    expect(within(dialog).getByText('At most 12.50 USD is left to refund.')).toBeInTheDocument();
    expect(within(dialog).getByText('Say why, for the audit trail.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Amount')).toHaveAttribute('aria-invalid', 'true');
    expect(received).toEqual([]);
  });

  it('retries a failed refund with the same Idempotency-Key and says when the kiosk must confirm', async () => {
    let calls = 0;
    const refund: Route = (req) => {
      if (req.method !== 'POST' || !req.url.pathname.endsWith('/refund')) return undefined;
      calls += 1;
      return calls === 1
        ? {
            status: 503,
            body: { statusCode: 503, error: 'Service Unavailable', message: 'busy', details: [] },
          }
        : { status: 202, body: { ...payment, status: 'refund_pending' } };
    };
    const { wrap, received } = await signedInAs('operator', [refund]);
    render(wrap(<RefundDialog payment={payment} onClose={() => undefined} />));
    const dialog = screen.getByRole('dialog', { name: 'Refund payment' });
    fireEvent.change(within(dialog).getByLabelText('Amount'), { target: { value: '2,5' } });
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'printer jammed' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Refund' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The server failed to answer');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Refund' }));
    expect(await within(dialog).findByRole('status')).toHaveTextContent('Sent to the kiosk.');

    await waitFor(() => expect(received).toHaveLength(2));
    const keys = received.map((r) => r.headers.get('Idempotency-Key'));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(received.map((r) => r.body)).toEqual([
      { amount: '2.50', reason: 'printer jammed' },
      { amount: '2.50', reason: 'printer jammed' },
    ]);
  });
});
