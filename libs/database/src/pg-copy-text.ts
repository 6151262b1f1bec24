/*
 * Rows in PostgreSQL's COPY text format (tab-separated columns, one row per line, `\N` for NULL),
 * built by hand for the telemetry hot path: numbers and timestamps go in bare, only text is escaped.
 */

/** A column value as COPY text: numbers, ISO timestamps and text; null/undefined is NULL. */
export type CopyValue = number | string | Date | null | undefined;

/** Backslash, tab, newline and carriage return are the only characters COPY text must escape. */
export function escapeCopyText(v: string): string {
  // Most values (peripheral states, JSON without line breaks) hold none of them: skip the regex.
  if (!/[\\\t\n\r]/.test(v)) return v;
  return v.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

function field(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  if (v instanceof Date) return v.toISOString();
  return escapeCopyText(v);
}

/** One line per row, each `columns(row)` value in order. */
export function copyTextRows<T>(rows: readonly T[], columns: (r: T) => readonly CopyValue[]): string {
  let s = '';
  for (const r of rows) {
    const values = columns(r);
    for (let i = 0; i < values.length; i++) {
      if (i) s += '\t';
      s += field(values[i]);
    }
    s += '\n';
  }
  return s;
}
