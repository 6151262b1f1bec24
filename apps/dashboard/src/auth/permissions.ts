import type { Role } from '../api/session';

/**
 * Everything the dashboard can offer to do, and which role may do it (CONTRACT §1, §5 "Roles per
 * route"). Pages gate buttons with `<Can action>` / `can(action)` so a viewer sees no action it cannot
 * take. Reading is never gated here: the API already filters what each user may see.
 */
export const PERMISSIONS = {
  'kiosk.create': ['admin'],
  'kiosk.edit': ['admin'],
  'kiosk.decommission': ['admin'],
  'kiosk.rotateSecret': ['admin'],
  'kiosk.configure': ['admin'],
  /** Set a kiosk's own remote settings (PUT /kiosks/{id}/config: admins, operators for kiosks they may command). */
  'kiosk.editConfig': ['admin', 'operator'],
  'kiosk.command': ['admin', 'operator'],
  'kiosk.bulkCommand': ['admin', 'operator'],
  /** Take an unassigned kiosk for oneself by its QR code (§5 Assignment: operators and viewers too). */
  'kiosk.assignSelf': ['admin', 'operator', 'viewer'],
  /** Assign or reassign a kiosk to someone else. */
  'kiosk.assignOthers': ['admin'],
  'kiosk.unassign': ['admin', 'operator', 'viewer'],
  'alert.acknowledge': ['admin', 'operator'],
  'alert.resolve': ['admin', 'operator'],
  'alert.note': ['admin', 'operator'],
  'alertRule.manage': ['admin'],
  'payment.refund': ['admin', 'operator'],
  'ai.retrainSynthetic': ['admin', 'operator'],
  'ai.retrainReal': ['admin'],
  'ai.activate': ['admin'],
  'ai.delete': ['admin'],
  'ai.uploadDataset': ['admin'],
  'user.manage': ['admin'],
  'webhook.manage': ['admin'],
  'maintenance.manage': ['admin'],
  /** Schedule or end a maintenance window of one's own kiosks (tag windows stay admin-only: 'maintenance.manage'). */
  'maintenance.schedule': ['admin', 'operator'],
  'notificationPolicy.manage': ['admin'],
  'apiKey.manage': ['admin'],
  /** Read staged rollouts (GET /rollouts: admins and operators; viewers get 403). */
  'rollout.read': ['admin', 'operator'],
  /** Create, start, pause, resume and cancel a rollout (admins only in the API). */
  'rollout.manage': ['admin'],
  /** Read and set a tag's remote settings (/kiosk-configs/tags/{tag}, admins only). */
  'tagConfig.manage': ['admin'],
  'auditLog.read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(role: Role | undefined, action: Action): boolean {
  return role !== undefined && (PERMISSIONS[action] as readonly Role[]).includes(role);
}
