/**
 * Bounds of a settings object (remote configuration, CONTRACT §8): what a kiosk receives in a
 * `configure` command, checked where settings are accepted (REST) and where the command is issued.
 */
export const SETTINGS_MAX_BYTES = 8192;
/** Levels of objects and arrays, the settings object itself being level 1: room for grouping, no more. */
export const SETTINGS_MAX_DEPTH = 8;

export type SettingsProblem =
  | { kind: 'invalid'; message: string }
  /** Well-formed but over SETTINGS_MAX_BYTES serialised: the caller answers 413. */
  | { kind: 'too_large'; message: string; bytes: number };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** What PostgreSQL's jsonb cannot hold. */
const unstorable = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s);

/** Bytes of `value` as the kiosk gets it: compact JSON, UTF-8. */
export function settingsBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

function problemIn(value: unknown, path: string, depth: number, maxDepth: number): string | null {
  if (value === null || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} must be a finite number`;
  if (typeof value === 'string')
    return unstorable(value) ? `${path} contains \\u0000 or a lone surrogate` : null;
  if (typeof value !== 'object') return `${path} is not a JSON value`;
  if (depth > maxDepth) return `settings nest deeper than ${maxDepth} levels (at ${path})`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = problemIn(value[i], `${path}[${i}]`, depth + 1, maxDepth);
      if (p) return p;
    }
    return null;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null)
    return `${path} is not a JSON value`;
  for (const [key, v] of Object.entries(value)) {
    if (unstorable(key)) return `a key in ${path} contains \\u0000 or a lone surrogate`;
    const p = problemIn(v, `${path}.${key}`, depth + 1, maxDepth);
    if (p) return p;
  }
  return null;
}

/**
 * Null when `value` is a settings object the kiosks can take: a JSON object (not an array or a
 * scalar), at most SETTINGS_MAX_DEPTH levels deep, strings and keys PostgreSQL can store (no
 * `\u0000`, no lone surrogate), at most `maxBytes` as compact UTF-8 JSON.
 */
export function checkSettings(
  value: unknown,
  maxBytes = SETTINGS_MAX_BYTES,
  maxDepth = SETTINGS_MAX_DEPTH,
): SettingsProblem | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { kind: 'invalid', message: 'settings must be a JSON object' };
  const problem = problemIn(value, 'settings', 1, maxDepth);
  if (problem) return { kind: 'invalid', message: problem };
  const bytes = settingsBytes(value);
  if (bytes > maxBytes)
    return { kind: 'too_large', message: `settings take ${bytes} bytes as JSON; at most ${maxBytes}`, bytes };
  return null;
}
