/** @jest-environment ./ml/testing/onnxruntime-environment.js */
import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { pay, recordingKiosk, sale } from '../support/payments';
import { APP_MAIN, expectNoSeriousAxeViolations, fillSignInForm, useDashboard } from './support';

/*
 * The AI page in Chromium against the real API + worker: an operator retrains on synthetic data (the
 * only source offered to them) and watches the job run to its end; a viewer reads the models and the
 * forecast with no action offered. Small synthetic fleets keep a retraining to seconds.
 */

const d = useDashboard({
  env: { AI_RETRAIN_SYNTHETIC_KIOSKS: '24', AI_RETRAIN_SYNTHETIC_DAYS: '1', AI_FROZEN_EVAL_KIOSKS: '8' },
});

const sockets: Socket[] = [];
afterAll(() => sockets.forEach((s) => s.close()));

async function openPage(): Promise<Page> {
  const page = await d.page();
  // The build's missing favicon is not this page's concern.
  d.allowConsoleErrors(page, /favicon\.ico/);
  return page;
}

describe('dashboard (browser): AI', () => {
  it('an operator starts a synthetic retraining and watches it to the end', async () => {
    const page = await openPage();
    await fillSignInForm(page, await d.user('operator'), '/ai');
    const models = page.getByRole('table', { name: 'Anomaly models' });
    await models.getByRole('row').filter({ hasText: 'Active' }).first().waitFor();
    expect(
      await page
        .locator(APP_MAIN)
        .getByRole('button', { name: /Activate|Roll back/ })
        .count(),
    ).toBe(0);
    const source = page.getByLabel('Training data');
    expect(
      await source.locator('option').evaluateAll((os) => os.map((o) => o.getAttribute('value'))),
    ).toEqual(['synthetic']);
    await expectNoSeriousAxeViolations(page, 'the AI page of an operator');

    await page.getByRole('button', { name: 'Start retraining', exact: true }).click();
    await page.getByRole('progressbar', { name: 'Retraining progress' }).waitFor();
    // Polled every second until the worker finishes: the result says whether it was promoted.
    await page
      .getByRole('status')
      .filter({ hasText: /is now the active model|stays a candidate/ })
      .waitFor({ timeout: 90_000 });
    expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await page.getByText('Completed', { exact: true }).waitFor();
  }, 150_000);

  it('a viewer reads the models and the sales forecast with its interval, and gets no action', async () => {
    // A sale yesterday: the forecast needs some history to start from.
    const { kiosk, socket } = await recordingKiosk(d.t, sockets);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    expect((await pay(socket, sale({ timestamp: yesterday, amount: '40.00' }))).ok).toBe(true);
    const viewer = await d.user('viewer');
    await d.assign(viewer, [kiosk.id]);
    const page = await openPage();
    await fillSignInForm(page, viewer, '/ai');
    await page.getByRole('table', { name: 'Anomaly models' }).getByRole('row').nth(1).waitFor();
    await page.getByRole('figure', { name: `Sales forecast for kiosk #${kiosk.id}` }).waitFor();
    expect(await page.locator(APP_MAIN).getByRole('button').count()).toBe(0);
    expect(await page.getByText('Retrain', { exact: true }).count()).toBe(0);
    await expectNoSeriousAxeViolations(page, 'the AI page of a viewer');
  }, 120_000);
});
