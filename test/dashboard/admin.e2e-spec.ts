import { randomBytes } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import {
  connectKiosk,
  emitWithAck,
  eventually,
  kioskUpdate,
  registerKiosk,
  RegisteredKiosk,
} from '../support/kiosks';
import { startWebhookReceiver } from '../support/notification-receivers';
import { API } from '../support/test-app';
import { APP_MAIN, expectNoSeriousAxeViolations, useDashboard } from './support';

/*
 * The admin area in Chromium against the real API + worker: an admin creates a user and an API key
 * (whose key is shown once, and works), a webhook whose test delivery reaches a real receiver and
 * shows in its history, and an alert rule backtested on readings a kiosk really sent. Operators and
 * viewers get no admin section and only the maintenance actions the API allows them. axe finds no
 * serious or critical violation on any admin page.
 */

const d = useDashboard();
const sockets: Socket[] = [];
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await Promise.all(closers.map((c) => c()));
});

/** Several page loads, dialogs and axe runs each, on a machine the other e2e files share. */
const SLOW_TEST_MS = 240_000;

const unique = () => randomBytes(3).toString('hex');
const heading = (page: Page, text: string) => page.locator(`${APP_MAIN} h1`, { hasText: text });
const row = (scope: Page | Locator, text: string) => scope.getByRole('row').filter({ hasText: text });

async function signedInAdmin(): Promise<Page> {
  const page = await d.page();
  await d.signIn(page, 'admin');
  return page;
}

/** A kiosk that sent two readings at 72 and 75 °C (then cooled down), stored before the test goes on. */
async function kioskThatRanHot(): Promise<RegisteredKiosk> {
  const kiosk = await registerKiosk(d.t);
  const socket = await connectKiosk(d.t, kiosk);
  sockets.push(socket);
  await emitWithAck(socket, 'kiosk_join', {});
  const temperatures = [72, 75, 24, 24, 24, 24, 24];
  for (const [i, temperature] of temperatures.entries()) {
    const ack = await emitWithAck(
      socket,
      'kiosk_update',
      kioskUpdate(i + 1, { environmental: { temperature, humidity: 50, air_quality: 30 } }),
    );
    expect(ack).toEqual({ ok: true });
  }
  const auth = (await d.t.admin()).auth;
  await eventually(async () => {
    const res = await d.t.http().get(`${API}/kiosks/${kiosk.id}/telemetry`).set(auth).expect(200);
    expect(res.body.items).toHaveLength(temperatures.length);
  });
  return kiosk;
}

describe('dashboard (browser): admin area', () => {
  it(
    'an admin creates a user, and an API key whose key is shown once and works',
    async () => {
      const page = await signedInAdmin();
      await page.getByRole('link', { name: 'Admin', exact: true }).click();
      await heading(page, 'Users').waitFor();
      await expectNoSeriousAxeViolations(page, 'the users page');

      const username = `ana-${unique()}`;
      const password = `pw-${randomBytes(8).toString('hex')}`;
      await page.getByRole('button', { name: 'New user', exact: true }).click();
      const userDialog = page.getByRole('dialog');
      await userDialog.getByLabel('Username', { exact: true }).fill(username.toUpperCase());
      await userDialog.getByLabel('Password', { exact: true }).fill(password);
      await userDialog.getByLabel('Role', { exact: true }).selectOption('operator');
      await expectNoSeriousAxeViolations(page, 'the new user dialog');
      await userDialog.getByRole('button', { name: 'New user', exact: true }).click();
      await userDialog.waitFor({ state: 'detached' });
      await row(page, username).filter({ hasText: 'Operator' }).waitFor();
      // The user is real: it signs in with that password and has the role chosen.
      const session = await d.t.login(username, password);
      expect(session.user.role).toBe('operator');

      await page
        .getByRole('navigation', { name: 'Admin sections' })
        .getByRole('link', { name: 'API keys' })
        .click();
      await heading(page, 'API keys').waitFor();
      await expectNoSeriousAxeViolations(page, 'the API keys page');
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: d.baseUrl });
      const name = `ERP ${unique()}`;
      await page.getByRole('button', { name: 'New API key', exact: true }).click();
      const keyDialog = page.getByRole('dialog');
      await keyDialog.getByLabel('Name', { exact: true }).fill(name);
      await keyDialog.getByLabel('Role', { exact: true }).selectOption('viewer');
      await keyDialog.getByLabel('Kiosk tags', { exact: true }).fill('station, north');
      await keyDialog.getByRole('button', { name: 'New API key', exact: true }).click();

      const shown = keyDialog.getByLabel('API key', { exact: true });
      await shown.waitFor();
      const key = await shown.inputValue();
      expect(key).toMatch(/^kf_[A-Za-z0-9]{8}_/);
      await expect(keyDialog.getByRole('note').textContent()).resolves.toContain('shown only this once');
      await expectNoSeriousAxeViolations(page, 'the new API key dialog');
      await keyDialog.getByRole('button', { name: 'Copy', exact: true }).click();
      await keyDialog.getByText('Copied to the clipboard.').waitFor();
      // Runs in the page; the test's own types know no DOM.
      const readClipboard = () =>
        (
          globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
        ).navigator.clipboard.readText();
      expect(await page.evaluate(readClipboard)).toBe(key);
      // The key works as X-API-Key (a viewer's read)…
      await d.t.http().get(`${API}/kiosks`).set('X-API-Key', key).expect(200);
      await keyDialog.getByRole('button', { name: 'I have copied it', exact: true }).click();
      await keyDialog.waitFor({ state: 'detached' });
      // …and is never shown again: the list has its prefix only, before and after a reload.
      await row(page, name)
        .filter({ hasText: key.slice(0, 11) })
        .waitFor();
      expect(await page.content()).not.toContain(key);
      await page.reload();
      await row(page, name).waitFor();
      expect(await page.content()).not.toContain(key);
    },
    SLOW_TEST_MS,
  );

  it(
    'an admin creates a webhook, sends a test event and sees its delivery history, then redelivers it',
    async () => {
      const secret = `whsec-${randomBytes(12).toString('hex')}`;
      const receiver = await startWebhookReceiver(secret);
      closers.push(receiver.close);
      const page = await signedInAdmin();
      await page.goto('/admin/webhooks');
      await heading(page, 'Webhooks').waitFor();
      await expectNoSeriousAxeViolations(page, 'the webhooks page');

      await page.getByRole('button', { name: 'New webhook', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Target URL', { exact: true }).fill(receiver.url);
      await dialog.getByLabel('kiosk.offline', { exact: true }).check();
      await dialog.getByLabel('Signing secret (optional)', { exact: true }).fill(secret);
      await expectNoSeriousAxeViolations(page, 'the new webhook dialog');
      await dialog.getByRole('button', { name: 'New webhook', exact: true }).click();
      await dialog.getByRole('heading', { name: 'Webhook created' }).waitFor();
      expect(await dialog.getByLabel('Signing secret', { exact: true }).inputValue()).toBe(secret);
      await dialog.getByRole('button', { name: 'I have copied it', exact: true }).click();

      const hook = row(page, receiver.url);
      await hook.filter({ hasText: 'alert.raised, kiosk.offline' }).waitFor();
      await hook.getByRole('button', { name: 'Send test event', exact: true }).click();
      await heading(page, 'Delivery history').waitFor();
      const delivery = row(page, 'webhook.test');
      await delivery.filter({ hasText: 'Delivered' }).waitFor({ timeout: 20_000 });
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]).toMatchObject({ signatureValid: true, body: { type: 'webhook.test' } });
      await expectNoSeriousAxeViolations(page, 'the delivery history');

      // Redelivery sends the same event again (same X-Webhook-Id), signed with the same secret.
      await delivery.getByRole('button', { name: 'Redeliver', exact: true }).click();
      await eventually(async () => expect(receiver.received).toHaveLength(2), 20_000);
      expect(receiver.received[1].signatureValid).toBe(true);
      expect(receiver.received[1].headers['x-webhook-id']).toBe(receiver.received[0].headers['x-webhook-id']);
      await delivery.filter({ hasText: 'Delivered' }).filter({ hasText: '200' }).waitFor();
    },
    SLOW_TEST_MS,
  );

  it(
    'an admin creates an alert rule and backtests it on the readings a kiosk sent',
    async () => {
      const kiosk = await kioskThatRanHot();
      const page = await signedInAdmin();
      await page.goto('/admin/alert-rules');
      await heading(page, 'Alert rules').waitFor();
      await expectNoSeriousAxeViolations(page, 'the alert rules page');

      const name = `Hot kiosk ${kiosk.serial}`;
      await page.getByRole('button', { name: 'New rule', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Name', { exact: true }).fill(name);
      await dialog.getByLabel('Severity', { exact: true }).selectOption('critical');
      await dialog.getByLabel('Applies to', { exact: true }).selectOption('kiosk');
      await dialog.getByLabel('Kiosk id', { exact: true }).fill(String(kiosk.id));
      await dialog.getByLabel('Reading 1', { exact: true }).selectOption('environmental.temperature');
      await dialog.getByLabel('Operator 1', { exact: true }).selectOption('>');
      await dialog.getByLabel('Value 1', { exact: true }).fill('60');
      await expectNoSeriousAxeViolations(page, 'the new rule dialog');
      await dialog.getByRole('button', { name: 'New rule', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await row(page, name).filter({ hasText: 'Temperature (°C) > 60' }).waitFor();

      await page.getByRole('button', { name: `Backtest ${name}`, exact: true }).click();
      const backtest = page.getByRole('dialog');
      await backtest.getByRole('button', { name: 'Run backtest', exact: true }).click();
      const total = backtest.getByTestId('backtest-would-raise');
      await total.waitFor();
      await expectNoSeriousAxeViolations(page, 'the backtest result');

      // The page shows what the API computes for the same rule and range.
      const auth = (await d.t.admin()).auth;
      const rules = await d.t.http().get(`${API}/alert-rules?limit=200`).set(auth).expect(200);
      const ruleId = (rules.body.items as { id: string; name: string }[]).find((r) => r.name === name)?.id;
      const range = {
        from: new Date(Date.now() - 86_400_000).toISOString(),
        to: new Date(Date.now() + 60_000).toISOString(),
      };
      const truth = await d.t
        .http()
        .post(`${API}/alert-rules/${ruleId}/backtest`)
        .set(auth)
        .send(range)
        .expect(200);
      expect(truth.body.wouldRaise).toBeGreaterThanOrEqual(1);
      const n = truth.body.wouldRaise as number;
      expect(await total.textContent()).toBe(`${n} alert${n === 1 ? '' : 's'} would have been raised`);
      await row(backtest, `#${kiosk.id}`)
        .filter({ hasText: String(n) })
        .waitFor();
    },
    SLOW_TEST_MS,
  );

  it(
    'every admin page passes axe, notification policies and maintenance windows included',
    async () => {
      const page = await signedInAdmin();
      await page.goto('/admin/notification-policies');
      await heading(page, 'Notification policies').waitFor();
      await expectNoSeriousAxeViolations(page, 'the notification policies page');
      const recipient = `oncall-${unique()}@example.com`;
      await page.getByRole('button', { name: 'New policy', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Recipients', { exact: true }).fill('not-an-address');
      await dialog.getByRole('button', { name: 'New policy', exact: true }).click();
      // Refused on the client, beside the field, before anything is sent.
      await dialog.getByText('"not-an-address" is not an e-mail address.').waitFor();
      await dialog.getByLabel('Recipients', { exact: true }).fill(recipient);
      await dialog.getByLabel('Minimum severity', { exact: true }).selectOption('critical');
      await expectNoSeriousAxeViolations(page, 'the new policy dialog');
      await dialog.getByRole('button', { name: 'New policy', exact: true }).click();
      await row(page, recipient).filter({ hasText: 'Critical and above' }).waitFor();

      await page.goto('/maintenance');
      await heading(page, 'Maintenance windows').waitFor();
      await expectNoSeriousAxeViolations(page, 'the maintenance windows page');
      await page.getByRole('button', { name: 'Schedule window', exact: true }).click();
      await expectNoSeriousAxeViolations(page, 'the schedule window dialog');
    },
    SLOW_TEST_MS,
  );

  it(
    'operators and viewers get no admin section, and only the maintenance actions the API allows',
    async () => {
      const tag = `site-${unique()}`;
      const kiosk = await registerKiosk(d.t, { tags: [tag] });
      const auth = (await d.t.admin()).auth;
      const window = (scope: { kind: string; value: string | number }, reason: string) =>
        d.t
          .http()
          .post(`${API}/maintenance-windows`)
          .set(auth)
          .send({
            scope,
            startsAt: new Date().toISOString(),
            endsAt: new Date(Date.now() + 3_600_000).toISOString(),
            reason,
          })
          .expect(201);
      await window({ kind: 'kiosk', value: kiosk.id }, `Kiosk work ${tag}`);
      await window({ kind: 'tag', value: tag }, `Site work ${tag}`);

      for (const role of ['operator', 'viewer'] as const) {
        const user = await d.user(role);
        await d.assign(user, [kiosk.id]);
        const page = await d.page();
        await d.signIn(page, user);
        expect(await page.getByRole('link', { name: 'Admin', exact: true }).count()).toBe(0);

        await page.goto('/admin/users');
        await heading(page, 'Page not found').waitFor();
        expect(await page.getByRole('button', { name: 'New user', exact: true }).count()).toBe(0);

        await page.goto('/maintenance');
        await heading(page, 'Maintenance windows').waitFor();
        await row(page, `Kiosk work ${tag}`).waitFor();
        await row(page, `Site work ${tag}`).waitFor();
        expect(await page.getByRole('navigation', { name: 'Admin sections' }).count()).toBe(0);
        const schedule = await page.getByRole('button', { name: 'Schedule window', exact: true }).count();
        const endKiosk = await row(page, `Kiosk work ${tag}`)
          .getByRole('button', { name: 'End now' })
          .count();
        const endTag = await row(page, `Site work ${tag}`).getByRole('button', { name: 'End now' }).count();
        // An operator schedules and ends windows of its own kiosks; tag windows and viewers: none.
        expect({ role, schedule, endKiosk, endTag }).toEqual(
          role === 'operator'
            ? { role, schedule: 1, endKiosk: 1, endTag: 0 }
            : { role, schedule: 0, endKiosk: 0, endTag: 0 },
        );
        await expectNoSeriousAxeViolations(page, `the maintenance windows page (${role})`);
      }
    },
    SLOW_TEST_MS,
  );
});
