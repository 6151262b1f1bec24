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
  // D3: kiosks (the static `/kiosks/take` outranks `/kiosks/:id` in react-router's matching)
  {
    path: '/kiosks',
    component: lazy(() => import('./pages/kiosks/KiosksPage')),
    nav: { label: 'kiosks:nav.kiosks', icon: 'kiosks', order: 20 },
  },
  {
    path: '/kiosks/take',
    component: lazy(() => import('./pages/kiosks/TakeKioskPage')),
    nav: { label: 'kiosks:nav.take', icon: 'qr', order: 25 },
    requires: 'kiosk.assignSelf',
  },
  { path: '/kiosks/:id', component: lazy(() => import('./pages/kiosks/KioskPage')) },
  { path: '/kiosks/:id/qr', component: lazy(() => import('./pages/kiosks/KioskQrPrintPage')) },
  // D4: alerts, payments, AI
  {
    path: '/alerts',
    component: lazy(() => import('./pages/alerts/AlertsPage')),
    nav: { label: 'alerts:nav', icon: 'alerts', order: 30 },
  },
  {
    path: '/payments',
    component: lazy(() => import('./pages/payments/PaymentsPage')),
    nav: { label: 'payments:nav', icon: 'payments', order: 40 },
  },
  {
    path: '/ai',
    component: lazy(() => import('./pages/ai/AiPage')),
    nav: { label: 'ai:nav', icon: 'ai', order: 50 },
  },
  // D5: admin area. Maintenance windows are read by every role, so they have their own entry.
  {
    path: '/maintenance',
    component: lazy(() => import('./pages/admin/maintenance/MaintenancePage')),
    nav: { label: 'admin:nav.maintenance', icon: 'calendar', order: 80 },
  },
  {
    path: '/admin',
    component: lazy(() => import('./pages/admin/AdminHome')),
    nav: { label: 'admin:nav.admin', icon: 'admin', order: 90 },
    requires: 'user.manage',
  },
  {
    path: '/admin/users',
    component: lazy(() => import('./pages/admin/users/UsersPage')),
    requires: 'user.manage',
  },
  {
    path: '/admin/webhooks',
    component: lazy(() => import('./pages/admin/webhooks/WebhooksPage')),
    requires: 'webhook.manage',
  },
  {
    path: '/admin/webhooks/:id',
    component: lazy(() => import('./pages/admin/webhooks/WebhookDeliveriesPage')),
    requires: 'webhook.manage',
  },
  {
    path: '/admin/alert-rules',
    component: lazy(() => import('./pages/admin/alert-rules/AlertRulesPage')),
    requires: 'alertRule.manage',
  },
  {
    path: '/admin/notification-policies',
    component: lazy(() => import('./pages/admin/notification-policies/NotificationPoliciesPage')),
    requires: 'notificationPolicy.manage',
  },
  {
    path: '/admin/api-keys',
    component: lazy(() => import('./pages/admin/api-keys/ApiKeysPage')),
    requires: 'apiKey.manage',
  },
  // Issue 20: staged rollouts (operators read them, admins act) and tags' remote settings.
  {
    path: '/rollouts',
    component: lazy(() => import('./pages/rollouts/RolloutsPage')),
    nav: { label: 'rollouts:nav', icon: 'download', order: 60 },
    requires: 'rollout.read',
  },
  {
    path: '/rollouts/:id',
    component: lazy(() => import('./pages/rollouts/RolloutPage')),
    requires: 'rollout.read',
  },
  {
    path: '/admin/tag-configs',
    component: lazy(() => import('./pages/admin/tag-configs/TagConfigsPage')),
    requires: 'tagConfig.manage',
  },
];
