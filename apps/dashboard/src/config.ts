/**
 * Runtime configuration the API injects as `window.__CONFIG__` (GET /dashboard-config.js, loaded by
 * index.html before the bundle). Runtime rather than build-time so one build serves every deployment:
 * an operator changes DASHBOARD_TILE_URL and restarts the API, without rebuilding the dashboard.
 */
export interface DashboardConfig {
  /** Leaflet tile URL template (`{s}`, `{z}`, `{x}`, `{y}`); empty means "no tiles, plain background". */
  tileUrl: string;
  tileAttribution: string;
}

declare global {
  interface Window {
    __CONFIG__?: Partial<DashboardConfig>;
  }
}

const DEFAULTS: DashboardConfig = {
  tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  tileAttribution: '&copy; OpenStreetMap contributors',
};

export function getConfig(): DashboardConfig {
  const injected = typeof window === 'undefined' ? undefined : window.__CONFIG__;
  return { ...DEFAULTS, ...injected };
}
