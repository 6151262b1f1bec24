import type { Page } from 'playwright-core';

/*
 * The sign-in form as a user fills it (English labels; the harness opens pages in en-US). Shared by
 * the e2e harness and bench/dashboard.ts.
 */

/** The signed-in frame's landmark: only the app layout has `<main id="main">`, not the sign-in page. */
export const APP_MAIN = 'main#main';

export async function fillSignInForm(
  page: Page,
  who: { username: string; password: string },
  path = '/',
): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Username', { exact: true }).fill(who.username);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator(APP_MAIN).waitFor({ state: 'visible' });
}
