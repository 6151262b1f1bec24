import type { Schema } from '@kiosk-fleet/sdk';
import {
  KIOSK_TAG,
  lengthBetween,
  parseLocalDateTime,
  splitList,
  tagList,
  validationMessage,
  type FieldErrors,
} from './rules';

export type ApiKeyRole = Schema<'CreateApiKeyDto'>['role'];
export const API_KEY_ROLES: readonly ApiKeyRole[] = ['viewer', 'operator'];

export interface ApiKeyValues {
  name: string;
  role: ApiKeyRole;
  /** Tags as typed: separated by commas or spaces. */
  tags: string;
  /** A `datetime-local` value; empty: the key does not expire. */
  expiresAt: string;
}
export type ApiKeyField = keyof ApiKeyValues;
export const API_KEY_FIELDS: readonly ApiKeyField[] = ['name', 'role', 'tags', 'expiresAt'];

export const emptyApiKey = (): ApiKeyValues => ({ name: '', role: 'viewer', tags: '', expiresAt: '' });

/** Printable text: the API refuses control characters in a key's name. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function validateApiKey(v: ApiKeyValues, now: Date = new Date()): FieldErrors<ApiKeyField> {
  const errors: FieldErrors<ApiKeyField> = {};
  const name = v.name.trim();
  const length = lengthBetween(name, 1, 100);
  if (length) errors.name = length;
  else if (CONTROL.test(name)) errors.name = validationMessage('controlCharacters');
  if (!API_KEY_ROLES.includes(v.role)) errors.role = validationMessage('apiKeyRole');
  const tags = tagList(splitList(v.tags), { min: 1, max: 20, pattern: KIOSK_TAG });
  if (tags) errors.tags = tags;
  if (v.expiresAt !== '') {
    const at = parseLocalDateTime(v.expiresAt);
    if (!at) errors.expiresAt = validationMessage('dateTime');
    else if (at.getTime() <= now.getTime()) errors.expiresAt = validationMessage('future');
  }
  return errors;
}

export function createApiKeyBody(v: ApiKeyValues): Schema<'CreateApiKeyDto'> {
  const at = parseLocalDateTime(v.expiresAt);
  return {
    name: v.name.trim(),
    role: v.role,
    tags: splitList(v.tags),
    ...(at ? { expiresAt: at.toISOString() } : {}),
  };
}
