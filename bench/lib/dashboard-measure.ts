import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { sleep } from './stats';

/*
 * What bench/dashboard.ts measures in the browser and in the build: the JS index.html loads before
 * anything else, time to interactive (navigation start → the page's content on screen and the main
 * thread quiet), and long tasks (Long Tasks API: main-thread work of 50 ms or more) while live.
 */

export interface JsFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** The module scripts and modulepreloads index.html names: what every visit downloads first. */
export function initialJs(distDir: string): JsFile[] {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const urls = [
    ...html.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"/g),
    ...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+\.js)"/g),
  ].map((m) => m[1] as string);
  return (
    [...new Set(urls)]
      .map((url) => join(distDir, url.replace(/^\//, '')))
      // /dashboard-config.js is written by the API at run time (a few bytes of settings), not built.
      .filter((path) => existsSync(path))
      .map((path) => jsFile(distDir, path))
  );
}

export function jsFile(distDir: string, path: string): JsFile {
  const body = readFileSync(path);
  return { file: path.slice(distDir.length + 1), bytes: body.length, gzipBytes: gzipSync(body).length };
}

/**
 * Records every long task of every document the context opens, from navigation start on
 * (`buffered`), in `window.__benchLongTasks` as [startTime, duration] pairs.
 */
export async function recordLongTasks(context: BrowserContext): Promise<void> {
  await context.addInitScript(`(() => {
    const tasks = [];
    Object.defineProperty(window, '__benchLongTasks', { value: tasks });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  })()`);
}

/** Long tasks of the current document so far, as [startTime, duration] in ms since navigation start. */
export function longTasks(page: Page): Promise<Array<[number, number]>> {
  return page.evaluate('window.__benchLongTasks ? window.__benchLongTasks.slice() : []');
}

export const pageNow = (page: Page): Promise<number> => page.evaluate('performance.now()');

export interface Interactive {
  /** Navigation start → the content predicate first held (checked every animation frame). */
  contentMs: number;
  /** Navigation start → content there and no long task for `quietMs` after it (the last one's end). */
  interactiveMs: number;
  longTasks: number;
  longestTaskMs: number;
}

/**
 * Navigates to `url` and waits for `ready` (a JS expression over the page, true once the content
 * a user came for is on screen), then for a quiet window of `quietMs` without long tasks.
 */
export async function timeToInteractive(
  page: Page,
  url: string,
  ready: string,
  quietMs: number,
  timeoutMs: number,
): Promise<Interactive> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(`(${ready}) ? performance.now() : false`, undefined, {
    polling: 'raf',
    timeout: timeoutMs,
  });
  const contentMs = (await handle.jsonValue()) as number;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tasks = await longTasks(page);
    const busyUntil = Math.max(contentMs, ...tasks.map(([start, d]) => start + d));
    if ((await pageNow(page)) - busyUntil >= quietMs) {
      return {
        contentMs,
        interactiveMs: busyUntil,
        longTasks: tasks.length,
        longestTaskMs: Math.max(0, ...tasks.map(([, d]) => d)),
      };
    }
    if (Date.now() > deadline) throw new Error(`${url}: the main thread never went quiet for ${quietMs} ms`);
    await sleep(100);
  }
}

export interface LongTaskWindow {
  seconds: number;
  count: number;
  longestMs: number;
  totalMs: number;
}

/** Long tasks of the page during the next `seconds`. */
export async function longTasksDuring(page: Page, seconds: number): Promise<LongTaskWindow> {
  const from = await pageNow(page);
  await sleep(seconds * 1000);
  const tasks = (await longTasks(page)).filter(([start]) => start >= from);
  return {
    seconds,
    count: tasks.length,
    longestMs: Math.max(0, ...tasks.map(([, d]) => d)),
    totalMs: tasks.reduce((sum, [, d]) => sum + d, 0),
  };
}

/** JS files the page fetched so far (resource timing), as files of the build. */
export async function fetchedJs(page: Page, distDir: string): Promise<JsFile[]> {
  const names: string[] = await page.evaluate(
    `performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.js'))`,
  );
  return [...new Set(names)]
    .map((p) => join(distDir, p.replace(/^\//, '')))
    .filter((path) => existsSync(path))
    .map((path) => jsFile(distDir, path));
}
