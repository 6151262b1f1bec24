/*
 * PostgreSQL array literals built by hand, one string per column of a batch. node-postgres would
 * serialise JS arrays too, but it escapes every element through a regex and formats Dates in
 * local time; for batches of hundreds of rows × 20 columns on the telemetry hot path, numbers and
 * timestamps go in bare and only text is quoted.
 */

export function numberArrayLiteral<T>(rows: readonly T[], get: (r: T) => number | null | undefined): string {
  let s = '{';
  for (let i = 0; i < rows.length; i++) {
    const v = get(rows[i] as T);
    if (i) s += ',';
    s += v === null || v === undefined ? 'NULL' : String(v);
  }
  return `${s}}`;
}

export function timestampArrayLiteral<T>(rows: readonly T[], get: (r: T) => Date): string {
  let s = '{';
  for (let i = 0; i < rows.length; i++) {
    if (i) s += ',';
    s += get(rows[i] as T).toISOString();
  }
  return `${s}}`;
}

export function textArrayLiteral<T>(rows: readonly T[], get: (r: T) => string | null | undefined): string {
  let s = '{';
  for (let i = 0; i < rows.length; i++) {
    const v = get(rows[i] as T);
    if (i) s += ',';
    s += v === null || v === undefined ? 'NULL' : quoteElement(v);
  }
  return `${s}}`;
}

/** Inside double quotes only `"` and `\` need a backslash; everything else is taken literally. */
export function quoteElement(v: string): string {
  // Most values (peripheral states) hold neither: skip the regex for them.
  if (v.indexOf('"') === -1 && v.indexOf('\\') === -1) return `"${v}"`;
  return `"${v.replace(/["\\]/g, '\\$&')}"`;
}
