import type { Schema } from '@kiosk-fleet/sdk';
import type { ApiFieldMapper } from '../admin/forms/field-errors';
import type { FieldMessage } from '../admin/forms/rules';

/** Settings as the API takes and answers them: a JSON object. */
export type Settings = Schema<'SetConfigDto'>['settings'];

/** What the API accepts as settings: at most this many bytes as compact JSON (413 above). */
export const SETTINGS_MAX_BYTES = 8192;

/** Settings as the editor shows them: indented JSON, `{}` for none. */
export function formatSettings(settings: Settings | undefined): string {
  return JSON.stringify(settings ?? {}, null, 2);
}

const message = (key: string, values?: Record<string, string | number>): FieldMessage => ({
  key: `config:errors.${key}`,
  values,
});

export type ParsedSettings = { settings: Settings } | { error: FieldMessage };

/**
 * The editor's text as settings, or why the API would refuse it: not JSON, not an object (an array
 * or a scalar), or too large. Depth and `\u0000` are left to the API, whose 400 is shown as it says.
 */
export function parseSettings(text: string): ParsedSettings {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch {
    return { error: message('json') };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { error: message('object') };
  }
  const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
  if (bytes > SETTINGS_MAX_BYTES) return { error: message('tooLarge', { bytes, max: SETTINGS_MAX_BYTES }) };
  // JSON.parse yields only JSON values, and this one is an object: exactly what `Settings` describes.
  return { settings: value as Settings };
}

/** The editor's fields: the settings themselves, and a tag on the tag page. */
export type SettingsField = 'settings' | 'tag';

/** `settings`, `settings.a.b` → the editor; `tag` → the tag field; the rest goes above the form. */
export const settingsFieldOf: ApiFieldMapper<SettingsField> = (apiField) => {
  const head = apiField.split(/[.[]/)[0];
  return head === 'settings' || head === 'tag' ? head : null;
};
