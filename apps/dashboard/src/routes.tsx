import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Action } from './auth/permissions';
import type { IconName } from './components/Icon';

export interface AppRoute {
  /** react-router path (`/kiosks/:id`). Never `/api`, `/docs`, `/health`, `/metrics`, `/socket.io` (CONTRACT §8). */
  path: string;
  /** Pages are lazy so the initial bundle stays small (leaflet, uPlot, zxing load with their page). */
  component: LazyExoticComponent<ComponentType>;
  /** Shown in the sidebar when set. `label` is an i18n key with its namespace: `kiosks:nav.title`. */
  nav?: { label: string; icon: IconName; order: number };
  /** Hide the route (and its nav entry) from users who may not do this. */
  requires?: Action;
}

/**
 * The route table. Each page helper appends its own entries (one line block per area) so nobody edits
 * another's lines.
 */
export const routes: AppRoute[] = [
  {
    path: '/',
    component: lazy(() => import('./pages/overview/OverviewPage')),
    nav: { label: 'overview:nav', icon: 'overview', order: 10 },
  },
];
