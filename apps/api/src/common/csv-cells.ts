/**
 * A CSV opened in a spreadsheet runs any cell that starts like a formula (`=HYPERLINK(…)`,
 * `+cmd|…`, `-1+…`, `@SUM(…)`, or a tab or carriage return before one). Following the OWASP CSV
 * injection guidance, such a text cell gets a leading `'`, which the spreadsheet shows as text and
 * does not run. Only text goes through here (csv-stringify's `cast.string`): numbers we write as
 * numbers (ids, minor units) are data a spreadsheet reads as a number, never a formula, so a
 * negative number stays as it is. Cells we format ourselves (UUIDs, ISO times, non-negative decimal
 * amounts, enum values) never start with these characters; the rule is there for free text
 * (transaction ids, reasons, names, serials, items).
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

export function spreadsheetSafe(cell: string): string {
  return cell.length > 0 && FORMULA_START.has(cell[0]) ? `'${cell}` : cell;
}

/** csv-stringify options applying it to every text cell. */
export const SPREADSHEET_SAFE_CAST = { string: spreadsheetSafe };
