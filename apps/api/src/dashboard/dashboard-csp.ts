/**
 * The Content-Security-Policy of the dashboard's page. Stricter than the API-wide one (Swagger UI
 * needs inline scripts; the dashboard has none), plus the one thing it loads from elsewhere: the
 * map tiles of DASHBOARD_TILE_URL.
 */
export function dashboardCsp(tileUrl: string): string {
  const tiles = tileSource(tileUrl);
  return [
    "default-src 'self'",
    "base-uri 'self'",
    "object-src 'none'",
    "frame-ancestors 'self'",
    "form-action 'self'",
    "script-src 'self'",
    // React sets style attributes (virtualised rows, chart sizes); no inline <style> is served.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${tiles ? ` ${tiles}` : ''}`,
    "font-src 'self' data:",
    // The /admin feed (ws/wss to this origin) and REST calls; the camera stream needs no source.
    "connect-src 'self'",
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
  ].join('; ');
}

/**
 * The CSP source that admits the tile server: its origin, with a `{s}` subdomain placeholder as the
 * `*.` wildcard CSP allows; a template with placeholders anywhere else in the host admits its scheme.
 * A relative URL (tiles served by this origin) needs nothing beyond 'self'.
 */
export function tileSource(tileUrl: string): string | undefined {
  const match = /^(https?):\/\/([^/]+)/i.exec(tileUrl.trim());
  if (!match) return undefined;
  const [, scheme, host] = match;
  if (!host.includes('{')) return `${scheme}://${host}`;
  const rest = host.startsWith('{s}.') ? host.slice(4) : undefined;
  return rest && !rest.includes('{') ? `${scheme}://*.${rest}` : `${scheme}:`;
}
