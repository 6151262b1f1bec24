import type { FieldError } from '@app/core';

/** How much free-form JSON a kiosk may have stored as it sent it (`extra`, sale items). */
export interface JsonBounds {
  /** Object keys plus array items, counted at every level. */
  maxKeys: number;
  /** Objects and arrays nested inside the value: `1` is 0 levels, `{"a": [1]}` is 2. */
  maxDepth: number;
  /** UTF-8 bytes of the keys and strings, plus the text of the numbers, booleans and nulls. */
  maxBytes: number;
}

/**
 * For messages whose every string is checked but whose size the 16 KB message limit already bounds:
 * only the nesting is capped, which also bounds the recursion of the walk.
 */
export const WHOLE_MESSAGE_BOUNDS: JsonBounds = {
  maxKeys: Number.POSITIVE_INFINITY,
  maxDepth: 32,
  maxBytes: Number.POSITIVE_INFINITY,
};

// A high surrogate not followed by a low one, or a low one not preceded by a high one. Each
// alternative looks at most one unit around a single unit: linear.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why PostgreSQL could not store this string as sent, or null: text and jsonb hold no NUL
 * (U+0000), and a lone surrogate is not Unicode (UTF-8 has no encoding for it; jsonb refuses its
 * escape, and a text column would silently get U+FFFD instead).
 */
export function unstorableString(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(s)) return 'must be valid Unicode (it holds a lone surrogate)';
  return null;
}

interface Walk {
  readonly bounds: JsonBounds;
  keys: number;
  bytes: number;
}

/**
 * The first reason the fields of `fields` (unknown fields kept as sent, or a whole message) cannot be
 * stored as JSON within `bounds`, or null. Each field's value counts as nested 0 deep; a problem in
 * the whole (too many keys, too many bytes) is reported under `name`; the fields' own names under
 * `prefix.` when they sit inside a known object.
 */
export function unstorableFields(
  fields: Record<string, unknown>,
  bounds: JsonBounds,
  name: string,
  prefix = '',
): FieldError | null {
  const walk: Walk = { bounds, keys: 0, bytes: 0 };
  const problem = visitObject(fields, prefix, -1, walk);
  if (problem) return problem;
  if (walk.keys > bounds.maxKeys)
    return { field: name, message: `must not hold more than ${bounds.maxKeys} keys` };
  if (walk.bytes > bounds.maxBytes) {
    return { field: name, message: `must not hold more than ${bounds.maxBytes} bytes` };
  }
  return null;
}

function visit(value: unknown, field: string, depth: number, walk: Walk): FieldError | null {
  switch (typeof value) {
    case 'string': {
      const why = unstorableString(value);
      if (why) return { field, message: why };
      walk.bytes += Buffer.byteLength(value);
      return null;
    }
    case 'number':
      // JSON.parse reads 1e999 as Infinity; JSON.stringify would write it back as null.
      if (!Number.isFinite(value)) return { field, message: 'must be a finite number' };
      walk.bytes += String(value).length;
      return null;
    case 'boolean':
      walk.bytes += value ? 4 : 5;
      return null;
    case 'object':
      if (value === null) {
        walk.bytes += 4;
        return null;
      }
      if (depth >= walk.bounds.maxDepth) {
        return { field, message: `must not nest objects or arrays more than ${walk.bounds.maxDepth} deep` };
      }
      // JSON.parse makes dense arrays and plain objects only; anything else (a Buffer, an array with
      // holes or named properties, which JSON.stringify would silently drop) did not come from JSON.
      if (Array.isArray(value)) {
        if (Object.keys(value).length !== value.length) return { field, message: 'must be a JSON value' };
        return visitArray(value, field, depth, walk);
      }
      if (!isPlainObject(value)) return { field, message: 'must be a JSON value' };
      return visitObject(value as Record<string, unknown>, field, depth, walk);
    default:
      return { field, message: 'must be a JSON value' };
  }
}

function visitArray(items: unknown[], field: string, depth: number, walk: Walk): FieldError | null {
  for (let i = 0; i < items.length; i++) {
    if (++walk.keys > walk.bounds.maxKeys) return null; // reported by unstorableFields
    const problem = visit(items[i], `${field}.${i}`, depth + 1, walk);
    if (problem) return problem;
  }
  return null;
}

function visitObject(
  obj: Record<string, unknown>,
  field: string,
  depth: number,
  walk: Walk,
): FieldError | null {
  for (const key in obj) {
    if (++walk.keys > walk.bounds.maxKeys) return null; // reported by unstorableFields
    const at = field ? `${field}.${key}` : key;
    const why = unstorableString(key);
    if (why) return { field: at, message: `has a key that ${why}` };
    walk.bytes += Buffer.byteLength(key);
    const problem = visit(obj[key], at, depth + 1, walk);
    if (problem) return problem;
  }
  return null;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
