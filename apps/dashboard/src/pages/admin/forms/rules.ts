/**
 * Client-side checks that mirror the API's validation (class-validator DTOs and the domain checks
 * behind them), so a form refuses what the server would refuse, before the round trip. Each check
 * returns an i18n message (namespace `admin`, keys under `validation.`), or null when the value is fine.
 */

/** A problem to show next to a field: a translated rule of ours, or the API's own words. */
export type FieldMessage = { key: string; values?: Record<string, string | number> } | { text: string };

export type FieldErrors<F extends string = string> = Partial<Record<F, FieldMessage>>;

export const validationMessage = (key: string, values?: Record<string, string | number>): FieldMessage => ({
  key: `validation.${key}`,
  values,
});
const msg = validationMessage;

/** Tags as kiosks carry them (api-keys, maintenance windows, alert rule scopes). */
export const KIOSK_TAG = /^[A-Za-z0-9._:/-]{1,40}$/;
/** Notification policy tags: the API's pattern for them has no "/" (notification-policy.dto.ts). */
export const POLICY_TAG = /^[A-Za-z0-9_.:-]{1,40}$/;

export function required(value: string): FieldMessage | null {
  return value.trim() === '' ? msg('required') : null;
}

export function lengthBetween(value: string, min: number, max: number): FieldMessage | null {
  if (value.length < min) return min <= 1 ? msg('required') : msg('tooShort', { min });
  if (value.length > max) return msg('tooLong', { max });
  return null;
}

/** An integer in [min, max]; `raw` is what the input holds (a string). */
export function integerBetween(raw: string, min: number, max: number): FieldMessage | null {
  if (raw.trim() === '') return msg('required');
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) return msg('integerRange', { min, max });
  return null;
}

export function finiteNumber(raw: string): FieldMessage | null {
  if (raw.trim() === '') return msg('required');
  return Number.isFinite(Number(raw)) ? null : msg('number');
}

/** A kiosk id as the API accepts it in scopes: a positive 32-bit integer. */
export function kioskId(raw: string): FieldMessage | null {
  if (raw.trim() === '') return msg('required');
  return /^[1-9]\d{0,9}$/.test(raw.trim()) && Number(raw) <= 2_147_483_647 ? null : msg('kioskId');
}

/** Splits a comma/space/newline separated list, dropping empties (the inputs of tags and e-mails). */
export function splitList(raw: string): string[] {
  return raw
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function tagList(
  tags: string[],
  opts: { min: number; max: number; pattern: RegExp },
): FieldMessage | null {
  if (tags.length < opts.min) return msg('tagsRequired');
  if (tags.length > opts.max) return msg('tooMany', { max: opts.max });
  if (new Set(tags).size !== tags.length) return msg('duplicates');
  const bad = tags.find((t) => !opts.pattern.test(t));
  if (bad !== undefined) {
    return msg(opts.pattern === POLICY_TAG ? 'policyTag' : 'kioskTag', { value: bad });
  }
  return null;
}

/**
 * class-validator's isEmail (default options) in the shape that matters here: a local part, one "@",
 * a dotted domain whose last label is at least two letters, no spaces.
 */
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)*\.[A-Za-z]{2,}$/;

export function emailList(emails: string[]): FieldMessage | null {
  if (emails.length === 0) return msg('recipientsRequired');
  if (emails.length > 50) return msg('tooMany', { max: 50 });
  if (new Set(emails).size !== emails.length) return msg('duplicates');
  const bad = emails.find((e) => e.length > 254 || !EMAIL.test(e));
  return bad === undefined ? null : msg('email', { value: bad });
}

/** An http(s) URL of at most 2048 characters (the API then checks where it points). */
export function httpUrl(raw: string): FieldMessage | null {
  const value = raw.trim();
  if (value === '') return msg('required');
  if (value.length > 2048) return msg('tooLong', { max: 2048 });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return msg('url');
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? null : msg('url');
}

/** A `datetime-local` input's value as an instant, or null when it holds none. */
export function parseLocalDateTime(raw: string): Date | null {
  if (raw.trim() === '') return null;
  const d = new Date(raw);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The reverse: an instant as a `datetime-local` value in the browser's zone, to the minute. */
export function toLocalDateTime(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}`
  );
}
