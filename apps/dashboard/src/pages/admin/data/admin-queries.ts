import type { Schema } from '@kiosk-fleet/sdk';
import { useApi } from '../../../api/ApiProvider';
import { ADMIN_PAGE_SIZE, useAdminList } from './use-admin-list';

/** Query keys of the admin area; mutations invalidate the list they changed. */
export const adminKeys = {
  users: ['admin', 'users'] as const,
  webhooks: ['admin', 'webhooks'] as const,
  webhook: (id: string) => ['admin', 'webhooks', id] as const,
  deliveries: (id: string, status: DeliveryStatus | '') =>
    ['admin', 'webhooks', id, 'deliveries', status] as const,
  alertRules: ['admin', 'alert-rules'] as const,
  windows: (active: boolean) => ['admin', 'maintenance-windows', active] as const,
  allWindows: ['admin', 'maintenance-windows'] as const,
  policies: ['admin', 'notification-policies'] as const,
  apiKeys: ['admin', 'api-keys'] as const,
};

export type DeliveryStatus = Schema<'WebhookDeliveryStatus'>;
const query = (cursor: string | undefined) => ({ limit: ADMIN_PAGE_SIZE, ...(cursor ? { cursor } : {}) });

export function useUsers(enabled = true) {
  const api = useApi();
  return useAdminList(adminKeys.users, (c) => api.GET('/api/v1/users', { params: { query: query(c) } }), {
    enabled,
  });
}

export function useWebhooks(enabled = true) {
  const api = useApi();
  return useAdminList(
    adminKeys.webhooks,
    (c) => api.GET('/api/v1/webhooks', { params: { query: query(c) } }),
    {
      enabled,
    },
  );
}

/** Delivery history, refreshed every few seconds while shown: retries change it in the background. */
export function useDeliveries(webhookId: string, status: DeliveryStatus | '') {
  const api = useApi();
  return useAdminList(
    adminKeys.deliveries(webhookId, status),
    (c) =>
      api.GET('/api/v1/webhooks/{id}/deliveries', {
        params: { path: { id: webhookId }, query: { ...query(c), ...(status ? { status } : {}) } },
      }),
    { refetchInterval: 5_000 },
  );
}

export function useAlertRules(enabled = true) {
  const api = useApi();
  return useAdminList(
    adminKeys.alertRules,
    (c) => api.GET('/api/v1/alert-rules', { params: { query: query(c) } }),
    { enabled },
  );
}

/** Every role may read the windows of its kiosks; `active` keeps only those in force now. */
export function useMaintenanceWindows(active: boolean) {
  const api = useApi();
  return useAdminList(adminKeys.windows(active), (c) =>
    api.GET('/api/v1/maintenance-windows', {
      params: { query: { ...query(c), ...(active ? { active: 'true' } : {}) } },
    }),
  );
}

export function useNotificationPolicies(enabled = true) {
  const api = useApi();
  return useAdminList(
    adminKeys.policies,
    (c) => api.GET('/api/v1/notification-policies', { params: { query: query(c) } }),
    { enabled },
  );
}

export function useApiKeys(enabled = true) {
  const api = useApi();
  return useAdminList(
    adminKeys.apiKeys,
    (c) => api.GET('/api/v1/api-keys', { params: { query: query(c) } }),
    {
      enabled,
    },
  );
}
