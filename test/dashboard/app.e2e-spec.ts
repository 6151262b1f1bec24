import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { eventually } from '../support/kiosks';
import { API } from '../support/test-app';
import { expectNoSeriousAxeViolations, useDashboard } from './support';
import { APP_MAIN } from './support/sign-in';

/*
 * What every page shares, in Chromium against the real API + worker + simulator: signing in and out,
 * a session that runs out without losing the page, the Spanish switch, and a 360 px phone.
 */

const I18N = join(__dirname, '..', '..', 'apps', 'dashboard', 'src', 'i18n');

/** A message of the dashboard's catalogue (`area:path.to.key`): the test reads what a user reads. */
function msg(key: string, lang: 'en' | 'es' = 'en'): string {
  const [area, path] = key.split(':') as [string, string];
  let v: unknown = JSON.parse(readFileSync(join(I18N, lang, `${area}.json`), 'utf8'));
  for (const part of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
  if (typeof v !== 'string') throw new Error(`no message ${lang}/${key}`);
  return v;
}

// Access tokens live 30 s (the API's minimum): the expiry test waits that long, no other test notices.
const ACCESS_TTL_SEC = 30;
const d = useDashboard({ env: { JWT_ACCESS_TTL_SEC: String(ACCESS_TTL_SEC) }, simulator: { kiosks: 3 } });

/**
 * A page of this file. With 30 s access tokens, a call answered 401 and renewed is routine here on a
 * slow machine (Chromium logs each 401 as an error); any other error still fails the test.
 */
async function openPage(opts?: Parameters<typeof d.page>[0]): Promise<Page> {
  const page = await d.page(opts);
  d.allowConsoleErrors(page, /status of 401 \(Unauthorized\)/);
  return page;
}

const heading = (page: Page) => page.locator(`${APP_MAIN} h1`).first();
const signInHeading = (page: Page, lang: 'en' | 'es' = 'en') =>
  page.getByRole('heading', { name: msg('common:auth.title', lang), exact: true });

/** The refresh token the page keeps for its tab (sessionStorage, see apps/dashboard/src/api/token-store.ts). */
const pageRefreshToken = (page: Page): Promise<string | null> =>
  page.evaluate("sessionStorage.getItem('kf.refreshToken')");

/**
 * Follows the sidebar link to the alerts inbox, as a user would: a page whose data is not cached yet,
 * so it asks the API with whatever token the page holds.
 */
async function openAlerts(page: Page): Promise<void> {
  await page
    .getByRole('navigation')
    .getByRole('link', { name: msg('alerts:nav'), exact: true })
    .click();
}

/** A mark on the current document: still there later means the page was never reloaded. */
const markDocument = (page: Page) => page.evaluate('window.__kept = true');
const documentMarked = (page: Page): Promise<boolean> => page.evaluate('window.__kept === true');

describe('dashboard (browser): sign-in, session, language, phone', () => {
  it('the sign-in page is accessible and a wrong password is answered in words, staying there', async () => {
    const page = await openPage();
    await page.goto('/');
    await signInHeading(page).waitFor();
    await expectNoSeriousAxeViolations(page, 'the sign-in page');

    const u = await d.user('viewer');
    await page.getByLabel('Username', { exact: true }).fill(u.username);
    await page.getByLabel('Password', { exact: true }).fill(`${u.password}-wrong`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe(msg('common:auth.badCredentials'));
    expect(await page.locator(APP_MAIN).count()).toBe(0);
  });

  it('signs in to an accessible overview, and signing out ends the session on the server too', async () => {
    const page = await openPage();
    const u = await d.signIn(page, 'operator');
    expect(await heading(page).textContent()).toBe(msg('overview:title'));
    await expectNoSeriousAxeViolations(page, 'the overview');

    const refreshToken = await pageRefreshToken(page);
    expect(refreshToken).toBeTruthy();
    await page.getByRole('button', { name: new RegExp(u.username) }).click();
    await page.getByRole('menuitem', { name: msg('common:user.signOut') }).click();
    await signInHeading(page).waitFor();
    await page.reload();
    await signInHeading(page).waitFor();
    expect(await pageRefreshToken(page)).toBeNull();
    // The token the page held is dead: a copy of it left anywhere cannot be used.
    await d.t.http().post(`${API}/auth/refresh`).send({ refreshToken }).expect(401);
  });

  it('an expired access token is renewed without a trace: same page, no sign-in, data loads', async () => {
    const page = await openPage();
    await d.signIn(page, 'viewer');
    await markDocument(page);
    await page.waitForTimeout((ACCESS_TTL_SEC + 2) * 1000);
    await openAlerts(page);
    await page.getByRole('heading', { level: 1, name: msg('alerts:title') }).waitFor();
    expect(page.url()).toBe(`${d.baseUrl}/alerts`);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await documentMarked(page)).toBe(true);
  }, 90_000);

  it('a session ended elsewhere asks for the password over the page, then carries on where it was', async () => {
    const page = await openPage();
    const u = await d.signIn(page, 'operator');
    await markDocument(page);
    // Ended elsewhere (another tab of the same session signing out): renew the page's refresh token
    // as that tab would, then sign out with the renewed pair; the session's access tokens die with it.
    const renewed = await d.t
      .http()
      .post(`${API}/auth/refresh`)
      .send({ refreshToken: await pageRefreshToken(page) })
      .expect(200);
    await d.t
      .http()
      .post(`${API}/auth/logout`)
      .set({ Authorization: `Bearer ${renewed.body.accessToken as string}` })
      .send({ refreshToken: renewed.body.refreshToken as string })
      .expect(204);

    // The page hears of it (its live feed is closed with the session) and asks over the page.
    const dialog = page.getByRole('dialog', { name: msg('common:auth.expiredTitle') });
    await dialog.waitFor();
    await dialog.getByLabel(msg('common:auth.password'), { exact: true }).fill(u.password);
    await dialog.getByRole('button', { name: msg('common:auth.signIn'), exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(page.url()).toBe(`${d.baseUrl}/`);
    expect(await documentMarked(page)).toBe(true);
    // …and the new session works: the next page loads its data.
    await openAlerts(page);
    await page.getByRole('heading', { level: 1, name: msg('alerts:title') }).waitFor();
  });

  it("the overview's counts by status are REST's, live while the simulator's kiosks report", async () => {
    const page = await openPage();
    await d.signIn(page, 'admin');
    const restCount = async (status?: string) => {
      const res = await d.t
        .http()
        .get(`${API}/kiosks?limit=200${status ? `&status=${status}` : ''}`)
        .set((await d.admin()).auth)
        .expect(200);
      return (res.body.items as unknown[]).length;
    };
    const shown = async (href: string) =>
      Number(await page.locator(`${APP_MAIN} a[href="${href}"] p`).nth(1).textContent());
    const statuses = ['online', 'stale', 'offline', 'blocked', 'maintenance'];

    const seen = await eventually(async () => {
      const onPage = [
        await shown('/kiosks'),
        ...(await Promise.all(statuses.map((s) => shown(`/kiosks?status=${s}`)))),
      ];
      const inRest = [await restCount(), ...(await Promise.all(statuses.map((s) => restCount(s))))];
      expect(onPage).toEqual(inRest);
      return onPage;
    }, 15_000);
    // The simulator's three kiosks are on screen as online: the counts are not zeros that agree.
    expect(seen[1]).toBeGreaterThanOrEqual(3);

    // The map draws the kiosks as dots on its canvas (one pass per status colour): a pixel of the
    // online colour is a dot; hovering it names a kiosk, clicking it opens that kiosk.
    const dot = await eventually(async () => {
      const at = (await page.evaluate(`(() => {
        const canvas = document.querySelector('${APP_MAIN} .leaflet-overlay-pane canvas');
        if (!canvas) return null;
        const ctx = canvas.getContext('2d');
        const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        for (let i = 0; i < data.length; i += 4) {
          // #16a34a (online), drawn at 0.95 opacity over a transparent canvas.
          if (Math.abs(data[i] - 22) < 12 && Math.abs(data[i + 1] - 163) < 12 && Math.abs(data[i + 2] - 74) < 12) {
            const r = canvas.getBoundingClientRect();
            return { x: r.left + ((i / 4) % width) * (r.width / width) + 2,
                     y: r.top + Math.floor(i / 4 / width) * (r.height / height) + 3 };
          }
        }
        return null;
      })()`)) as { x: number; y: number } | null;
      expect(at).not.toBeNull();
      return at as { x: number; y: number };
    }, 15_000);
    await page.mouse.move(dot.x, dot.y);
    const tip = page.locator('.leaflet-tooltip');
    await tip.waitFor();
    expect(await tip.textContent()).toContain(msg('common:status.online'));
    await page.mouse.click(dot.x, dot.y);
    await page.waitForURL(/\/kiosks\/\d+$/);
  });

  it('switches to Spanish: headings, navigation and menus change, and it stays Spanish after a reload', async () => {
    const page = await openPage();
    const u = await d.signIn(page, 'admin');
    expect(await page.getByRole('link', { name: msg('overview:nav'), exact: true }).count()).toBe(1);
    await page
      .getByRole('group', { name: msg('common:language.label') })
      .getByRole('button', { name: 'es' })
      .click();

    await page.getByRole('link', { name: msg('overview:nav', 'es'), exact: true }).waitFor();
    expect(await heading(page).textContent()).toBe(msg('overview:title', 'es'));
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    await page.getByRole('button', { name: new RegExp(u.username) }).click();
    expect(await page.getByRole('menuitem').textContent()).toContain(msg('common:user.signOut', 'es'));

    await page.reload();
    await heading(page).waitFor();
    expect(await heading(page).textContent()).toBe(msg('overview:title', 'es'));
    await expectNoSeriousAxeViolations(page, 'the overview in Spanish');
  });

  it('at 360 px the navigation collapses behind a menu button that opens it, with nothing wider than the screen', async () => {
    const page = await openPage({ viewport: { width: 360, height: 740 } });
    await d.signIn(page, 'operator');
    const nav = page.getByRole('navigation', { name: msg('common:nav.label') });
    expect(await nav.count()).toBe(0);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await expectNoSeriousAxeViolations(page, 'the overview at 360 px');

    await page.getByRole('button', { name: msg('common:nav.open'), exact: true }).click();
    await nav.waitFor();
    const links = await nav.getByRole('link').allTextContents();
    expect(links).toContain(msg('overview:nav'));
    await expectNoSeriousAxeViolations(page, 'the open menu at 360 px');
    await nav.getByRole('link', { name: msg('overview:nav'), exact: true }).click();
    await nav.waitFor({ state: 'detached' });
  });
});
