import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express, NextFunction, Request, Response } from 'express';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dashboardCsp } from './dashboard-csp';

export const DASHBOARD_CONFIG_PATH = '/dashboard-config.js';

/**
 * Paths the dashboard never answers, so its client routes cannot shadow them (CONTRACT §8): the REST
 * API (the queue board included, at /api/v1/admin/queues), Swagger and its JSON, health, metrics,
 * Socket.IO.
 */
const RESERVED = /^\/(?:api|docs|docs-json|health|metrics|socket\.io)(?:[/.]|$)/;

/** The last path segment has an extension: a file was asked for, and a missing one is a 404, not the page. */
function looksLikeFile(path: string): boolean {
  return path.slice(path.lastIndexOf('/') + 1).includes('.');
}

/**
 * Whether to answer with the page: always for `/` itself; for other paths only when the client
 * prefers HTML to JSON, as a browser navigating does. A script or curl asking for an unknown path
 * (Accept: *\/* or none) gets the API's JSON 404, as before the dashboard existed.
 */
function wantsPage(req: Request): boolean {
  if (req.path === '/' || req.path === '/index.html') return true;
  return !looksLikeFile(req.path) && req.accepts(['json', 'html']) === 'html';
}

export interface DashboardServingOptions {
  /** The build (apps/dashboard/vite.config.ts `outDir`), relative to the working directory or absolute. */
  distDir: string;
  tileUrl: string;
  tileAttribution: string;
}

/**
 * Serves the built dashboard at `/` from the API process: hashed assets (`/assets/*`) with a year's
 * immutable cache, everything else revalidated, and `index.html` for client routes (`/kiosks/5`).
 * `/dashboard-config.js` hands the page its runtime settings (`window.__CONFIG__`), so one build
 * serves every deployment. Mounted before Nest's routes, it steps aside for every reserved path and
 * for anything but GET/HEAD. Without a build it logs one warning and serves nothing: the API runs on.
 */
export function serveDashboard(app: NestExpressApplication, options: DashboardServingOptions): void {
  const distDir = resolve(options.distDir);
  const indexFile = join(distDir, 'index.html');
  const logger = new Logger('Dashboard');
  if (!existsSync(indexFile)) {
    logger.warn(
      `Dashboard not built (${indexFile} is missing): / serves nothing until \`npm run build\` ` +
        '(or `npm -w @kiosk-fleet/dashboard run build`) creates it. The API itself is unaffected.',
    );
    return;
  }

  const csp = dashboardCsp(options.tileUrl);
  const configScript = `window.__CONFIG__ = ${safeJson({
    tileUrl: options.tileUrl,
    tileAttribution: options.tileAttribution,
  })};\n`;
  // Vite names everything under assets/ by content hash: a changed file is a new URL, so cache for good.
  app.useStaticAssets(join(distDir, 'assets'), {
    prefix: '/assets/',
    index: false,
    maxAge: '365d',
    immutable: true,
  });
  // Files at the top of the build (favicon, robots.txt…) keep their names: revalidated on each use.
  const topLevelFiles = new Set(
    readdirSync(distDir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name !== 'index.html')
      .map((entry) => `/${entry.name}`),
  );

  const http = app.getHttpAdapter().getInstance() as Express;
  http.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || RESERVED.test(req.path)) return next();
    if (req.path === DASHBOARD_CONFIG_PATH) {
      res.type('application/javascript; charset=utf-8').set('Cache-Control', 'no-cache').send(configScript);
      return;
    }
    if (topLevelFiles.has(req.path)) {
      res.sendFile(
        join(distDir, req.path),
        { headers: { 'Cache-Control': 'no-cache' } },
        (err) => err && next(err),
      );
      return;
    }
    // A missing file is a 404 (the API's JSON one), not the page; so is a request that takes no HTML.
    if (!wantsPage(req)) return next();
    res.setHeader('Content-Security-Policy', csp);
    res.sendFile(indexFile, { headers: { 'Cache-Control': 'no-cache' } }, (err) => err && next(err));
  });
}

/** JSON that is also safe inside a script (no `</script>` or line separators breaking out). */
function safeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
