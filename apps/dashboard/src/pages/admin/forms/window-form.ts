import type { Schema } from '@kiosk-fleet/sdk';
import type { ApiFieldMapper } from './field-errors';
import {
  KIOSK_TAG,
  kioskId,
  lengthBetween,
  parseLocalDateTime,
  toLocalDateTime,
  validationMessage,
  type FieldErrors,
} from './rules';

/** The API caps a maintenance window at 31 days (create-maintenance-window.handler.ts). */
export const MAX_WINDOW_DAYS = 31;

export interface WindowValues {
  scopeKind: 'kiosk' | 'tag';
  scopeValue: string;
  /** `datetime-local` values in the browser's zone. */
  startsAt: string;
  endsAt: string;
  reason: string;
}
export type WindowField = keyof WindowValues;

/** Starts now and lasts two hours: the common "I am working on this kiosk" window. */
export function emptyWindow(
  now: Date = new Date(),
  scopeKind: WindowValues['scopeKind'] = 'kiosk',
): WindowValues {
  return {
    scopeKind,
    scopeValue: '',
    startsAt: toLocalDateTime(now),
    endsAt: toLocalDateTime(new Date(now.getTime() + 2 * 3_600_000)),
    reason: '',
  };
}

export function validateWindow(v: WindowValues, now: Date = new Date()): FieldErrors<WindowField> {
  const errors: FieldErrors<WindowField> = {};
  const scope =
    v.scopeKind === 'kiosk'
      ? kioskId(v.scopeValue)
      : KIOSK_TAG.test(v.scopeValue.trim())
        ? null
        : validationMessage('kioskTag', { value: v.scopeValue.trim() });
  if (scope) errors.scopeValue = scope;
  const startsAt = parseLocalDateTime(v.startsAt);
  const endsAt = parseLocalDateTime(v.endsAt);
  if (!startsAt) errors.startsAt = validationMessage('dateTime');
  if (!endsAt) errors.endsAt = validationMessage('dateTime');
  else if (startsAt && endsAt <= startsAt) errors.endsAt = validationMessage('endsAfterStart');
  else if (endsAt.getTime() <= now.getTime()) errors.endsAt = validationMessage('endsInPast');
  else if (startsAt && endsAt.getTime() - startsAt.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
    errors.endsAt = validationMessage('maxDays', { days: MAX_WINDOW_DAYS });
  }
  const reason = lengthBetween(v.reason.trim(), 1, 500);
  if (reason) errors.reason = reason;
  return errors;
}

export function createWindowBody(v: WindowValues): Schema<'CreateMaintenanceWindowDto'> {
  const value = v.scopeValue.trim();
  return {
    scope: { kind: v.scopeKind, value: v.scopeKind === 'kiosk' ? Number(value) : value },
    startsAt: (parseLocalDateTime(v.startsAt) ?? new Date()).toISOString(),
    endsAt: (parseLocalDateTime(v.endsAt) ?? new Date()).toISOString(),
    reason: v.reason.trim(),
  };
}

export const windowFieldOf: ApiFieldMapper<WindowField> = (apiField) => {
  if (apiField === 'scope.kind') return 'scopeKind';
  if (apiField.startsWith('scope')) return 'scopeValue';
  if (apiField === 'startsAt' || apiField === 'endsAt' || apiField === 'reason') return apiField;
  return null;
};
