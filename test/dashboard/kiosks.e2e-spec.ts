import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { API } from '../support/test-app';
import {
  APP_MAIN,
  expectNoSeriousAxeViolations,
  useDashboard,
  writeQrPng,
  writeQrY4m,
  type SimulatedKiosk,
} from './support';

/*
 * The kiosks area in Chromium against the real API + worker + simulator: the list, a kiosk's live
 * chart, a restart followed to `succeeded`, taking a kiosk by its QR (photo and fake camera), a
 * viewer without actions, and axe on every kiosks page.
 */

const EN = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'apps', 'dashboard', 'src', 'i18n', 'en', 'kiosks.json'), 'utf8'),
) as Record<string, unknown>;

/** A message of the kiosks catalogue (`take.confirm`): the test reads what a user reads. */
function msg(path: string): string {
  let v: unknown = EN;
  for (const part of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
  if (typeof v !== 'string') throw new Error(`no message kiosks:${path}`);
  return v;
}

// Each test drives Chromium through several pages and runs axe on them: on a shared, busy machine
// that takes longer than Jest's default.
jest.setTimeout(180_000);

const d = useDashboard({ simulator: { kiosks: 4 } });
const main = (page: Page) => page.locator(APP_MAIN);
const heading = (page: Page) => main(page).locator('h1').first();

let kiosks: SimulatedKiosk[];
beforeAll(async () => {
  kiosks = (await d.simulatorKiosks()).sort((a, b) => a.id - b.id);
  expect(kiosks).toHaveLength(4);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the live chart holds at least `min` points (polled from the test: the app's CSP refuses
 * the string predicates page.waitForFunction would evaluate).
 */
async function waitForPoints(page: Page, min: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const points = Number(await page.getByTestId('live-telemetry').getAttribute('data-points'));
    if (points >= min) return points;
    if (Date.now() > deadline)
      throw new Error(`the live chart has ${points} points, not ${min}, after ${timeoutMs} ms`);
    await sleep(250);
  }
}

describe('dashboard (browser): kiosks', () => {
  it('lists the simulator’s kiosks with their live status, filtered through the URL, accessibly', async () => {
    const page = await d.page();
    await d.signIn(page, 'admin');
    await page.goto(`/kiosks?q=SIM-${d.simulator!.runId}`);
    expect(await heading(page).textContent()).toBe(msg('list.title'));
    const table = page.getByRole('table', { name: msg('list.title') });
    for (const k of kiosks) {
      const row = table.getByRole('row').filter({ hasText: k.serial });
      await row.getByText('Online', { exact: true }).waitFor();
    }
    await expect(table.getByRole('row').count()).resolves.toBe(kiosks.length + 1);
    expect(await page.getByLabel(msg('filters.search')).inputValue()).toBe(`SIM-${d.simulator!.runId}`);
    await expectNoSeriousAxeViolations(page, 'the kiosk list');

    // A status chip narrows the view and lands in the URL; no simulator kiosk is blocked.
    await page.getByRole('button', { name: /^Blocked/ }).click();
    await page.waitForURL(/status=blocked/);
    await page.getByText(msg('list.empty')).waitFor();
  });

  it('shows a kiosk’s liveness and a live chart that gains points from the feed, accessibly', async () => {
    const page = await d.page();
    const viewer = await d.user('viewer');
    await d.assign(viewer, [kiosks[0].id]);
    await d.signIn(page, viewer);
    await page.goto(`/kiosks/${kiosks[0].id}`);
    await main(page).getByText(kiosks[0].serial, { exact: true }).first().waitFor();
    await page.getByRole('heading', { name: msg('signals.title') }).waitFor();

    const before = await waitForPoints(page, 1, 20_000);
    // The simulator reports every second and the feed forwards at most one reading per second.
    await waitForPoints(page, before + 2, 20_000);
    expect(await page.locator('[data-testid=live-telemetry] canvas').count()).toBeGreaterThanOrEqual(4);
    await expectNoSeriousAxeViolations(page, 'the kiosk page');

    // A viewer reads everything and can act on nothing.
    expect(await page.getByRole('form', { name: msg('command.formLabel') }).count()).toBe(0);
    expect(await page.getByRole('button', { name: msg('command.send') }).count()).toBe(0);
    expect(await page.getByLabel(msg('command.command')).count()).toBe(0);
  });

  it('sends a restart as an operator and shows its lifecycle reaching succeeded', async () => {
    const page = await d.page();
    const operator = await d.user('operator');
    await d.assign(operator, [kiosks[1].id]);
    await d.signIn(page, operator);
    await page.goto(`/kiosks/${kiosks[1].id}`);
    const form = page.getByRole('form', { name: msg('command.formLabel') });
    await form.getByLabel(msg('command.command')).selectOption('restart');
    await form.getByLabel(msg('command.reason')).fill('e2e: frozen screen');
    await form.getByRole('button', { name: msg('command.send') }).click();

    const newest = page.getByTestId('command-row').first();
    await page.waitForSelector('[data-testid=command-row][data-command=restart][data-status=succeeded]', {
      timeout: 30_000,
    });
    expect(await newest.getAttribute('data-status')).toBe('succeeded');
    const steps = newest.getByRole('list', { name: msg('command.timeline') }).getByRole('listitem');
    await expect(steps.count()).resolves.toBe(4);
    await steps.nth(3).getByText(msg('command.status.succeeded'), { exact: true }).waitFor();

    const res = await d.t
      .http()
      .get(`${API}/kiosks/${kiosks[1].id}/commands`)
      .set(operator.session.auth)
      .expect(200);
    expect(res.body.items[0]).toMatchObject({
      command: 'restart',
      status: 'succeeded',
      params: { reason: 'e2e: frozen screen' },
    });
  });

  it('takes a kiosk from a photo of its QR; a second viewer is told it is taken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-qr-'));
    const photo = await writeQrPng(join(dir, 'qr.png'), kiosks[2].code);
    const page = await d.page();
    const viewer = await d.signIn(page, 'viewer');
    await page.goto('/kiosks/take');
    expect(await heading(page).textContent()).toBe(msg('take.title'));
    await expectNoSeriousAxeViolations(page, 'the take-a-kiosk page');

    await page.getByTestId('qr-photo').setInputFiles(photo);
    expect(await page.getByTestId('scanned-code').textContent()).toBe(kiosks[2].code);
    await page.getByRole('button', { name: msg('take.confirm') }).click();
    await page.getByText(msg('take.doneTitle')).waitFor();
    const kiosk = await d.t.http().get(`${API}/kiosks/${kiosks[2].id}`).set(viewer.session.auth).expect(200);
    expect(kiosk.body.assignedTo).toBe(viewer.id);
    await page.getByRole('link', { name: msg('take.open') }).click();
    await main(page).getByText(kiosks[2].serial, { exact: true }).first().waitFor();

    const other = await d.page();
    d.allowConsoleErrors(other, /status of 409/);
    await d.signIn(other, 'viewer');
    await other.goto('/kiosks/take');
    await other.getByTestId('qr-photo').setInputFiles(photo);
    await other.getByRole('button', { name: msg('take.confirm') }).click();
    expect(await other.getByRole('alert').textContent()).toBe(msg('take.errors.alreadyAssigned'));
  });

  it('takes a kiosk through the camera, continuously decoding the video', async () => {
    const video = writeQrY4m(join(mkdtempSync(join(tmpdir(), 'kiosk-cam-')), 'qr.y4m'), kiosks[3].code);
    const page = await d.page({ fakeVideo: video });
    const operator = await d.signIn(page, 'operator');
    await page.goto('/kiosks/take');
    await page.getByRole('button', { name: msg('take.startCamera') }).click();
    await page.getByTestId('scanned-code').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('scanned-code').textContent()).toBe(kiosks[3].code);
    await page.getByRole('button', { name: msg('take.confirm') }).click();
    await page.getByText(msg('take.doneTitle')).waitFor();
    const kiosk = await d.t
      .http()
      .get(`${API}/kiosks/${kiosks[3].id}`)
      .set(operator.session.auth)
      .expect(200);
    expect(kiosk.body.assignedTo).toBe(operator.id);
  });

  it('prints the QR on a sheet of its own, accessibly', async () => {
    const page = await d.page();
    await d.signIn(page, 'admin');
    await page.goto(`/kiosks/${kiosks[0].id}/qr`);
    const img = page.getByRole('img', { name: new RegExp(kiosks[0].code) });
    await img.waitFor();
    expect(
      await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(0);
    await main(page).getByText(kiosks[0].code, { exact: true }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the printable QR sheet');
  });
});
