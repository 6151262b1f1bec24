import { notFound } from '@app/core';
import { AuthenticatedUser, Role } from '@app/contracts';
import type { AlertRow } from './alert-row';
import type { KioskFactsForAlerts } from './kiosk-facts-for-alerts';

type Viewer = Pick<AuthenticatedUser, 'id' | 'role'>;

/**
 * Alerts follow their kiosk's visibility (admins: all; others: kiosks assigned to them); a site
 * incident is visible to whoever may see one of its kiosks. Anything else is "not found".
 */
export async function assertAlertVisible(
  kiosks: KioskFactsForAlerts,
  user: Viewer,
  row: AlertRow | undefined,
): Promise<AlertRow> {
  if (!row) throw notFound('Alert');
  if (user.role === Role.Admin) return row;
  if (row.kiosk_id !== null && (await kiosks.canSee(user, row.kiosk_id))) return row;
  if (row.kiosk_id === null && row.member_kiosk_ids?.length) {
    const visible = new Set((await kiosks.visibleKioskIds(user)) ?? []);
    if (row.member_kiosk_ids.some((id) => visible.has(id))) return row;
  }
  throw notFound('Alert');
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
