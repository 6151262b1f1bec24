import type { TelemetryReading } from '@app/core';

/*
 * PostgreSQL array literals built by hand, one string per column of a batch. node-postgres would
 * serialise JS arrays too, but it escapes every element through a regex and formats Dates in
 * local time; for 500 rows × 20 columns per batch this is the hot path, so numbers and timestamps
 * go in bare and only text is quoted.
 */

type Get<T> = (r: TelemetryReading) => T;

export function numberArrayLiteral(
  readings: readonly TelemetryReading[],
  get: Get<number | null | undefined>,
): string {
  let s = '{';
  for (let i = 0; i < readings.length; i++) {
    const v = get(readings[i] as TelemetryReading);
    if (i) s += ',';
    s += v === null || v === undefined ? 'NULL' : String(v);
  }
  return `${s}}`;
}

export function timestampArrayLiteral(readings: readonly TelemetryReading[], get: Get<Date>): string {
  let s = '{';
  for (let i = 0; i < readings.length; i++) {
    if (i) s += ',';
    s += get(readings[i] as TelemetryReading).toISOString();
  }
  return `${s}}`;
}

export function textArrayLiteral(
  readings: readonly TelemetryReading[],
  get: Get<string | null | undefined>,
): string {
  let s = '{';
  for (let i = 0; i < readings.length; i++) {
    const v = get(readings[i] as TelemetryReading);
    if (i) s += ',';
    s += v === null || v === undefined ? 'NULL' : quoteElement(v);
  }
  return `${s}}`;
}

/** Inside double quotes only `"` and `\` need a backslash; everything else is taken literally. */
export function quoteElement(v: string): string {
  return `"${v.replace(/["\\]/g, '\\$&')}"`;
}
