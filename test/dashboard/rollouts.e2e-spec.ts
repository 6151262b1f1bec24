import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { eventually } from '../support/kiosks';
import { API } from '../support/test-app';
import { APP_MAIN, expectNoSeriousAxeViolations, useDashboard, type SimulatedKiosk } from './support';

/*
 * Fleet management in Chromium against the real API + worker + simulator (issue 20): an admin
 * creates a rollout from the dialog, sees it listed, starts it and watches its first wave update
 * live from the feed, pauses, resumes and cancels it; an operator edits a kiosk's settings and sees
 * the desired version move and the simulator apply it; an admin sets a tag's settings. axe finds no
 * serious or critical violation on the new pages.
 */

const I18N = join(__dirname, '..', '..', 'apps', 'dashboard', 'src', 'i18n', 'en');
const CATALOGUES = {
  rollouts: JSON.parse(readFileSync(join(I18N, 'rollouts.json'), 'utf8')) as Record<string, unknown>,
  config: JSON.parse(readFileSync(join(I18N, 'config.json'), 'utf8')) as Record<string, unknown>,
};

/** A message as a user reads it (`rollouts:actions.pause`), `{{x}}` filled from `values`. */
function msg(key: string, values: Record<string, string | number> = {}): string {
  const [ns, path] = key.split(':') as [keyof typeof CATALOGUES, string];
  let v: unknown = CATALOGUES[ns];
  for (const part of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
  if (typeof v !== 'string') throw new Error(`no message ${key}`);
  return v.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
}

// Each test drives Chromium through several pages, dialogs and axe runs on a shared, busy machine.
jest.setTimeout(240_000);

const TAG = 'rollout-e2e';
const SHA = 'a'.repeat(64);
const d = useDashboard({ simulator: { kiosks: 2, tags: [TAG] } });
const main = (page: Page) => page.locator(APP_MAIN);
const heading = (page: Page, text: string) => main(page).locator('h1', { hasText: text });

let kiosks: SimulatedKiosk[];
beforeAll(async () => {
  kiosks = (await d.simulatorKiosks()).sort((a, b) => a.id - b.id);
  expect(kiosks).toHaveLength(2);
});

async function rolloutStatus(id: string): Promise<string> {
  const res = await d.t
    .http()
    .get(`${API}/rollouts/${id}`)
    .set((await d.admin()).auth)
    .expect(200);
  return res.body.status as string;
}

async function kioskConfig(id: number): Promise<{ desiredVersion: number; appliedVersion: number }> {
  const res = await d.t
    .http()
    .get(`${API}/kiosks/${id}/config`)
    .set((await d.admin()).auth)
    .expect(200);
  return res.body as { desiredVersion: number; appliedVersion: number };
}

/** The status badge of the rollout page once it says `status`. */
async function waitForStatus(page: Page, status: string): Promise<void> {
  await page.locator(`[data-testid=rollout-status][data-status=${status}]`).waitFor({ timeout: 30_000 });
}

describe('dashboard (browser): rollouts and remote configuration', () => {
  it('creates a rollout from the dialog, lists it, starts, pauses, resumes and cancels it, accessibly', async () => {
    const page = await d.page();
    await d.signIn(page, 'admin');
    await page.getByRole('link', { name: msg('rollouts:nav'), exact: true }).click();
    await heading(page, msg('rollouts:title')).waitFor();
    await page.getByText(msg('rollouts:list.empty')).waitFor();
    await expectNoSeriousAxeViolations(page, 'the rollouts page');

    await page.getByRole('button', { name: msg('rollouts:create.open'), exact: true }).click();
    const dialog = page.getByRole('dialog', { name: msg('rollouts:create.title') });
    const name = 'Firmware 9.9.1, e2e';
    await dialog.getByLabel(msg('rollouts:fields.name'), { exact: true }).fill(name);
    await dialog.getByLabel(msg('rollouts:fields.version'), { exact: true }).fill('9.9.1');
    await dialog
      .getByLabel(msg('rollouts:fields.url'), { exact: true })
      .fill('https://updates.example.com/9.9.1.img');
    await dialog.getByLabel(msg('rollouts:fields.sha256'), { exact: true }).fill(SHA);
    await dialog.getByLabel(msg('rollouts:target.tagValue'), { exact: true }).fill(TAG);
    await dialog.getByLabel(msg('rollouts:fields.waves'), { exact: true }).fill('50, 50');
    // The simulator fails a few updates at random (3 %): no wave may abort this rollout.
    await dialog.getByLabel(msg('rollouts:fields.threshold'), { exact: true }).fill('100');
    // An hour between the waves: the rollout stays running (then held by the wait) while it is steered.
    await dialog.getByLabel(msg('rollouts:fields.waitSeconds'), { exact: true }).fill('3600');
    await expectNoSeriousAxeViolations(page, 'the new-rollout dialog');
    await dialog.getByRole('button', { name: msg('rollouts:create.submit'), exact: true }).click();

    await page.waitForURL(/\/rollouts\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    await heading(page, name).waitFor();
    await waitForStatus(page, 'draft');
    const created = await d.t
      .http()
      .get(`${API}/rollouts/${id}`)
      .set((await d.admin()).auth)
      .expect(200);
    expect(created.body).toMatchObject({
      name,
      status: 'draft',
      params: { version: '9.9.1', url: 'https://updates.example.com/9.9.1.img', sha256: SHA },
      target: { tag: TAG },
      wavePercents: [50, 50],
      failureThreshold: 1,
      waitSeconds: 3600,
      kiosks: 2,
    });

    // Listed, with its status.
    await page
      .getByRole('link', { name: msg('rollouts:title'), exact: true })
      .first()
      .click();
    const table = page.getByRole('table', { name: msg('rollouts:title') });
    const row = table.getByRole('row').filter({ hasText: name });
    await row.getByText(msg('rollouts:status.draft'), { exact: true }).waitFor();
    await row.getByRole('link', { name }).click();
    await heading(page, name).waitFor();

    await page.getByRole('button', { name: msg('rollouts:actions.start'), exact: true }).click();
    await waitForStatus(page, 'running');
    // The first wave's kiosk updates (the simulator reboots into 9.9.1 and rejoins): the page follows
    // without a reload (the feed's rollout_updated), then shows what holds the second wave (the
    // engine sets that without an event: the page's 15 s re-read brings it).
    const firstWave = page.getByTestId('rollout-wave').first();
    await firstWave.getByText(msg('rollouts:wave.state.done'), { exact: true }).waitFor({ timeout: 60_000 });
    expect(await firstWave.textContent()).toContain(' · 1 total');
    await page.getByTestId('rollout-held-by').waitFor({ timeout: 30_000 });
    await expectNoSeriousAxeViolations(page, 'a running rollout');

    await page.getByRole('button', { name: msg('rollouts:actions.pause'), exact: true }).click();
    await waitForStatus(page, 'paused');
    expect(await rolloutStatus(id)).toBe('paused');
    await page.getByRole('button', { name: msg('rollouts:actions.resume'), exact: true }).click();
    await waitForStatus(page, 'running');
    expect(await rolloutStatus(id)).toBe('running');

    await page.getByRole('button', { name: msg('rollouts:actions.cancel'), exact: true }).click();
    const confirm = page.getByRole('dialog', { name: msg('rollouts:cancel.title', { name }) });
    await expectNoSeriousAxeViolations(page, 'the cancel-rollout dialog');
    await confirm.getByRole('button', { name: msg('rollouts:actions.cancel'), exact: true }).click();
    await waitForStatus(page, 'cancelled');
    expect(await rolloutStatus(id)).toBe('cancelled');
    expect(await page.getByRole('button', { name: msg('rollouts:actions.resume') }).count()).toBe(0);
  });

  it('lets an operator edit a kiosk’s settings: the desired version moves, then the kiosk applies it', async () => {
    const kiosk = kiosks[1];
    const before = await kioskConfig(kiosk.id);
    const page = await d.page();
    const operator = await d.user('operator');
    await d.assign(operator, [kiosk.id]);
    await d.signIn(page, operator);
    await page.goto(`/kiosks/${kiosk.id}`);
    const desired = page.getByTestId('config-desired-version');
    await desired.waitFor();
    expect(Number(await desired.textContent())).toBe(before.desiredVersion);

    await page.getByRole('button', { name: msg('config:kiosk.edit'), exact: true }).click();
    const dialog = page.getByRole('dialog', { name: msg('config:kiosk.editTitle') });
    const editor = dialog.getByLabel(msg('config:editor.label'), { exact: true });
    // Refused in the browser first: not a JSON object.
    await editor.fill('[1, 2]');
    await dialog.getByRole('button', { name: msg('config:save'), exact: true }).click();
    await dialog.getByText(msg('config:errors.object')).waitFor();
    await expectNoSeriousAxeViolations(page, 'the kiosk settings dialog');

    await editor.fill('{"screen_brightness": 40, "price_list_version": "2026-12"}');
    await dialog.getByRole('button', { name: msg('config:save'), exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    // Versions come from one sequence for the whole fleet: higher, not necessarily by one.
    const shown = async () => Number(await desired.textContent());
    await eventually(async () => expect(await shown()).toBeGreaterThan(before.desiredVersion), 10_000);
    const after = await kioskConfig(kiosk.id);
    expect(await shown()).toBe(after.desiredVersion);
    // The simulator acks the configure; the feed's command_updated brings the applied version.
    await page
      .locator(`[data-testid=config-applied-version]:text-is("${after.desiredVersion}")`)
      .waitFor({ timeout: 30_000 });
    await main(page).getByText(msg('config:drift.applied'), { exact: true }).waitFor();
    expect((await kioskConfig(kiosk.id)).appliedVersion).toBe(after.desiredVersion);
    await expectNoSeriousAxeViolations(page, 'the kiosk page with its configuration');
  });

  it('lets an admin set a tag’s settings, which every kiosk with the tag takes, accessibly', async () => {
    const before = await Promise.all(kiosks.map((k) => kioskConfig(k.id)));
    const page = await d.page();
    // The tag has no settings yet: the API answers 404, which the page shows as an empty editor.
    d.allowConsoleErrors(page, /status of 404/);
    await d.signIn(page, 'admin');
    await page.goto('/admin/tag-configs');
    await heading(page, msg('config:tags.title')).waitFor();
    await expectNoSeriousAxeViolations(page, 'the tag settings page');

    await page.getByLabel(msg('config:tags.tag'), { exact: true }).fill(TAG);
    await page.getByRole('button', { name: msg('config:tags.open'), exact: true }).click();
    const form = page.getByRole('form', { name: msg('config:tags.editing', { tag: TAG }) });
    await main(page).getByText(msg('config:tags.noneYet')).waitFor();
    await form.getByLabel(msg('config:editor.label'), { exact: true }).fill('{"telemetry_interval_sec": 2}');
    await form.getByRole('button', { name: msg('config:save'), exact: true }).click();
    await form
      .getByRole('status')
      .getByText(msg('config:tags.saved_other', { count: 2 }))
      .waitFor();
    await expectNoSeriousAxeViolations(page, 'the tag settings page after saving');

    for (const [i, k] of kiosks.entries()) {
      await eventually(async () => {
        const c = await kioskConfig(k.id);
        expect(c.desiredVersion).toBeGreaterThan(before[i].desiredVersion);
        expect(c.appliedVersion).toBe(c.desiredVersion);
      }, 30_000);
    }
    await page.goto(`/kiosks?q=SIM-${d.simulator!.runId}&configDrift=true`);
    await expect(page.getByLabel(msg('config:filter.drift'), { exact: true }).isChecked()).resolves.toBe(
      true,
    );
  });
});
