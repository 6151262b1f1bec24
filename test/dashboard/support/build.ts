import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * The browser tests and the bench load the built dashboard the API serves, so it must be built
 * and current. A fresh CI clone builds it once (the first file to get here); later files, and
 * local runs with nothing changed, find it fresh and pay nothing. Type checking is not redone here
 * (`npm run typecheck` and the workspace's own build do it): Vite alone is a few seconds.
 */

export const ROOT = join(__dirname, '..', '..', '..');
export const DASHBOARD_SRC = join(ROOT, 'apps', 'dashboard');
export const DASHBOARD_DIST = join(ROOT, 'dist', 'dashboard');

/** What the build reads: the app, its static files and configuration, and the SDK it bundles. */
const INPUTS = [DASHBOARD_SRC, join(ROOT, 'libs', 'sdk', 'src'), join(ROOT, 'libs', 'sdk', 'package.json')];
const SKIP = new Set(['node_modules', 'dist', 'coverage']);

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (SKIP.has(entry) || entry.endsWith('.test.ts') || entry.endsWith('.test.tsx')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function isFresh(): boolean {
  const index = join(DASHBOARD_DIST, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return INPUTS.every((p) => newestMtime(p) <= built);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds dist/dashboard unless it is newer than every input. Jest runs two files at once: the
 * build is guarded by a lock file so the second waits for the first instead of building again.
 */
export async function ensureDashboardBuilt(timeoutMs = 180_000): Promise<void> {
  if (isFresh()) return;
  const lock = join(tmpdir(), `kiosk-dashboard-build-${Buffer.from(ROOT).toString('hex').slice(-24)}.lock`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch {
      // Someone else builds; a lock left by a killed run is taken over once older than the budget.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > timeoutMs) unlinkSync(lock);
      if (Date.now() > deadline) throw new Error(`dashboard build lock ${lock} held too long`);
      await sleep(500);
    }
  }
  try {
    if (isFresh()) return;
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
      cwd: DASHBOARD_SRC,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    if (!existsSync(join(DASHBOARD_DIST, 'index.html'))) {
      throw new Error(`vite build finished but ${DASHBOARD_DIST}/index.html is missing`);
    }
  } catch (e) {
    const out = e as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(
      `dashboard build failed: ${out.message}\n${out.stdout?.toString() ?? ''}${out.stderr?.toString() ?? ''}`,
    );
  } finally {
    unlinkSync(lock);
  }
}
