import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { eventually } from '../support/kiosks';
import { pay, recordingKiosk, sale } from '../support/payments';
import { API } from '../support/test-app';
import { expectNoSeriousAxeViolations, fillSignInForm, useDashboard } from './support';

/*
 * The payments page in Chromium against the real API + worker: a kiosk sells over its socket, an
 * operator sees the sales, refunds one in part (the form refuses too much first), exports the CSV,
 * and watches a card refund complete when the kiosk confirms it. A viewer sees no refund button.
 */

// Several axe passes and live round trips per test: minutes on a loaded two-core machine.
jest.setTimeout(180_000);
const d = useDashboard();
const sockets: Socket[] = [];
afterAll(() => sockets.forEach((s) => s.close()));

async function openPage(): Promise<Page> {
  const page = await d.page();
  // The build's missing favicon is not this page's concern.
  d.allowConsoleErrors(page, /favicon\.ico/);
  return page;
}

const row = (page: Page, transactionId: string) => page.getByRole('row').filter({ hasText: transactionId });

describe('dashboard (browser): payments', () => {
  it('an operator refunds part of a cash sale, then a card sale the kiosk confirms, and exports the CSV', async () => {
    const k = await recordingKiosk(d.t, sockets);
    const cash = sale({ method: 'cash', amount: '12.50' });
    const card = sale({ method: 'card', amount: '8.00' });
    for (const p of [cash, card]) expect((await pay(k.socket, p)).ok).toBe(true);
    // The kiosk carries out card refunds and says so.
    k.socket.on('kiosk_command', (c: { command_id: string; command: string; kiosk_id: number }) => {
      if (c.command !== 'refund') return;
      void emitAck(k.socket, c);
    });

    const operator = await d.user('operator');
    await d.assign(operator, [k.kiosk.id]);
    const page = await openPage();
    await fillSignInForm(page, operator, '/payments');
    await row(page, cash.transaction_id).waitFor();
    await row(page, card.transaction_id).waitFor();
    await page.getByRole('figure', { name: 'Sales and refunds in USD' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the payments page');

    await page.getByRole('button', { name: `Refund ${cash.transaction_id}`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Refund payment' });
    await dialog.getByLabel('Amount').fill('20');
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await dialog.getByText('At most 12.50 USD is left to refund.').waitFor();
    await dialog.getByText('Say why, for the audit trail.').waitFor();
    await expectNoSeriousAxeViolations(page, 'the refund form with its errors');

    await dialog.getByLabel('Amount').fill('2.50');
    await dialog.getByLabel('Reason').fill('Ticket printer jammed');
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await dialog.getByRole('status').filter({ hasText: 'Refunded.' }).waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
    await row(page, cash.transaction_id).filter({ hasText: 'Partly refunded' }).waitFor();

    await page.getByRole('button', { name: `Refund ${card.transaction_id}`, exact: true }).click();
    await dialog.getByLabel('Reason').fill('Customer charged twice');
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await dialog.getByRole('status').filter({ hasText: 'Sent to the kiosk.' }).waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
    // The kiosk's confirmation reaches the open page through the feed.
    await row(page, card.transaction_id).filter({ hasText: 'Refunded' }).waitFor();

    const byTx = await eventually(async () => {
      const res = await d.t
        .http()
        .get(`${API}/payments?kioskId=${k.kiosk.id}`)
        .set(operator.session.auth)
        .expect(200);
      const items = res.body.items as { transactionId: string; refundedAmount: string; status: string }[];
      return new Map(items.map((p) => [p.transactionId, p]));
    });
    expect(byTx.get(cash.transaction_id)).toMatchObject({
      refundedAmount: '2.50',
      status: 'partially_refunded',
    });
    expect(byTx.get(card.transaction_id)).toMatchObject({ refundedAmount: '8.00', status: 'refunded' });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV', exact: true }).click(),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.split('\n')[0]).toBe(
      'id,kioskId,transactionId,amount,amountMinor,currency,method,status,refundedAmount,occurredAt,createdAt',
    );
    expect(csv).toContain(`${cash.transaction_id},12.50,1250,USD,cash,partially_refunded,2.50`);
  });

  it('a viewer sees the payments and no refund button', async () => {
    const k = await recordingKiosk(d.t, sockets);
    const cash = sale({ method: 'cash', amount: '3.00' });
    expect((await pay(k.socket, cash)).ok).toBe(true);
    const viewer = await d.user('viewer');
    await d.assign(viewer, [k.kiosk.id]);
    const page = await openPage();
    await fillSignInForm(page, viewer, '/payments');
    await row(page, cash.transaction_id).waitFor();
    expect(await page.getByRole('button', { name: /^Refund/ }).count()).toBe(0);
    await expectNoSeriousAxeViolations(page, 'the payments page of a viewer');
  });
});

/** The kiosk's `success` ack of a refund command (the wire's `kiosk_command_ack`). */
function emitAck(socket: Socket, c: { command_id: string; command: string; kiosk_id: number }) {
  return socket.timeout(5000).emitWithAck('kiosk_command_ack', {
    command_id: c.command_id,
    kiosk_id: c.kiosk_id,
    command: c.command,
    status: 'success',
    timestamp: new Date().toISOString(),
  });
}
