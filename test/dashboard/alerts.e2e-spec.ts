import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { createRule } from '../support/alerts';
import {
  connectKiosk,
  emitWithAck,
  eventually,
  kioskUpdate,
  registerKiosk,
  RegisteredKiosk,
} from '../support/kiosks';
import { API } from '../support/test-app';
import { APP_MAIN, expectNoSeriousAxeViolations, fillSignInForm, useDashboard } from './support';

/*
 * The alerts inbox in Chromium against the real API + worker: a kiosk socket sends hot readings, the
 * overheat alert appears in the open page without a reload, and an operator acknowledges and
 * resolves it there. A viewer of the same kiosk sees the alert and no action.
 */

// Several axe passes and live round trips per test: minutes on a loaded two-core machine.
jest.setTimeout(180_000);
const d = useDashboard();
const sockets: Socket[] = [];
afterAll(() => sockets.forEach((s) => s.close()));

/** A kiosk of its own with an overheat rule (temperature > 60 °C, no hold time) scoped to it. */
async function overheatingKiosk(): Promise<{
  kiosk: RegisteredKiosk;
  socket: Socket;
  title: string;
  hot: () => Promise<void>;
}> {
  const kiosk = await registerKiosk(d.t);
  const title = `Overheat ${kiosk.serial}`;
  await createRule(d.t, {
    name: title,
    severity: 'critical',
    scope: { kind: 'kiosk', value: kiosk.id },
    condition: { field: 'environmental.temperature', op: '>', value: 60 },
  });
  const socket = await connectKiosk(d.t, kiosk);
  sockets.push(socket);
  await emitWithAck(socket, 'kiosk_join', {});
  let seq = 0;
  const hot = async () => {
    for (const temperature of [72, 75]) {
      const ack = await emitWithAck(
        socket,
        'kiosk_update',
        kioskUpdate(++seq, { environmental: { temperature, humidity: 50, air_quality: 30 } }),
      );
      expect(ack).toEqual({ ok: true });
    }
  };
  return { kiosk, socket, title, hot };
}

/** A page for these tests; the build's missing favicon is not this page's concern. */
async function openPage(): Promise<Page> {
  const page = await d.page();
  d.allowConsoleErrors(page, /favicon\.ico/);
  return page;
}

const row = (page: Page, title: string) => page.getByRole('row').filter({ hasText: title });
/** Opens an alert's details by its title: a click on the row's middle may land on the kiosk's link. */
const openDetails = (page: Page, title: string) => row(page, title).getByText(title, { exact: true }).click();

describe('dashboard (browser): alerts inbox', () => {
  it('an overheat appears live, an operator acknowledges and resolves it in the page', async () => {
    const { kiosk, title, hot } = await overheatingKiosk();
    const page = await openPage();
    const operator = await d.user('operator');
    await d.assign(operator, [kiosk.id]);
    // Signing in at the page's own URL lands there (a reload right after sign-in would restart the session).
    await fillSignInForm(page, operator, '/alerts');
    await page.locator(`${APP_MAIN} h1`, { hasText: 'Alerts' }).waitFor();
    // The feed is connected (the header says so) before the kiosk overheats.
    await page.getByRole('banner').getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the alerts inbox');

    await hot();
    // No reload: the feed brings it into the open inbox.
    await row(page, title).waitFor();
    expect(await row(page, title).textContent()).toContain('Critical');

    await page.getByRole('button', { name: `Acknowledge: ${title}`, exact: true }).click();
    // Acknowledged, it leaves the open inbox; with every status shown it is there, acknowledged.
    await row(page, title).waitFor({ state: 'detached' });
    await page.getByLabel('Status', { exact: true }).selectOption('all');
    await row(page, title).filter({ hasText: 'Acknowledged' }).waitFor();

    await openDetails(page, title);
    const detail = page.getByRole('dialog', { name: title });
    await detail.waitFor();
    await expectNoSeriousAxeViolations(page, 'an alert in full');
    await detail.getByRole('button', { name: `Resolve: ${title}`, exact: true }).click();
    const resolve = page.getByRole('dialog', { name: 'Resolve alert' });
    await resolve.getByLabel('It was a false positive').check();
    await resolve.getByLabel('Note (optional)').fill('Door left open during cleaning');
    await resolve.getByRole('button', { name: 'Resolve', exact: true }).click();
    await resolve.waitFor({ state: 'detached' });
    await detail.getByText('Resolved', { exact: true }).first().waitFor();
    await detail.getByText('False positive', { exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await row(page, title).filter({ hasText: 'Resolved' }).waitFor();

    const [alert] = await eventually(async () => {
      const res = await d.t
        .http()
        .get(`${API}/alerts?kioskId=${kiosk.id}`)
        .set(operator.session.auth)
        .expect(200);
      const mine = (res.body.items as { title: string }[]).filter((a) => a.title === title);
      expect(mine).toHaveLength(1);
      return mine;
    });
    expect(alert).toMatchObject({
      status: 'resolved',
      falsePositive: true,
      acknowledgedBy: operator.id,
      resolvedBy: operator.id,
    });
  });

  it('a viewer sees the alert, its details and the response-time chart, and no action', async () => {
    const { kiosk, title, hot } = await overheatingKiosk();
    await hot();
    const page = await openPage();
    const viewer = await d.user('viewer');
    await d.assign(viewer, [kiosk.id]);
    await fillSignInForm(page, viewer, '/alerts');
    await row(page, title).waitFor();
    // The unit follows the data (an open alert has no times yet: seconds).
    await page
      .getByRole('figure', { name: /^MTTA and MTTR in (seconds|minutes|hours) per group$/ })
      .waitFor();
    expect(
      await page
        .locator(APP_MAIN)
        .getByRole('button', { name: /Acknowledge|Resolve/ })
        .count(),
    ).toBe(0);
    await expectNoSeriousAxeViolations(page, 'the alerts inbox of a viewer');

    await openDetails(page, title);
    await page.getByRole('dialog', { name: title }).waitFor();
    expect(
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /Acknowledge|Resolve/ })
        .count(),
    ).toBe(0);
  });
});
