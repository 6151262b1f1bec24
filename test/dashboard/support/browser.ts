import { existsSync } from 'node:fs';
import { Browser, BrowserContext, chromium, ConsoleMessage, Page } from 'playwright-core';

/*
 * Debian's Chromium driven by playwright-core (no downloaded browser). Shared by the dashboard's
 * e2e files and bench/dashboard.ts, so nothing here depends on Jest.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags the issue names: headless, no sandbox (CI runs as root), no GPU, no phoning home. */
const BASE_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export interface LaunchOptions {
  /** A .y4m file the fake camera plays in a loop (see qr-media.ts); no camera otherwise. */
  fakeVideo?: string;
}

export async function launchChromium(opts: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not at ${CHROMIUM_PATH}: apt-get install chromium (or set CHROMIUM_PATH)`);
  }
  const camera = opts.fakeVideo
    ? [
        '--use-fake-device-for-media-stream',
        // Answers the camera permission prompt with "allow", as a user would.
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${opts.fakeVideo}`,
      ]
    : [];
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...BASE_ARGS, ...camera] });
}

/**
 * A page in a context of its own (own storage, so sessions of two roles never mix) that records
 * what it logs as an error and what it throws: a page that errors while the test passes hides a bug.
 */
export interface TrackedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions, in order, each with where it came from. */
  errors: string[];
}

export interface PageOptions {
  baseUrl: string;
  viewport?: { width: number; height: number };
  locale?: string;
}

export async function openTrackedPage(browser: Browser, opts: PageOptions): Promise<TrackedPage> {
  const context = await browser.newContext({
    baseURL: opts.baseUrl,
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    locale: opts.locale ?? 'en-US',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() !== 'error') return;
    const at = m.location();
    errors.push(`console.error: ${m.text()}${at.url ? ` (${at.url}:${at.lineNumber})` : ''}`);
  });
  page.on('pageerror', (e: Error) => errors.push(`uncaught: ${e.stack ?? e.message}`));
  return { page, context, errors };
}
