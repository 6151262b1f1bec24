import { currencyExponent } from '@app/core';

/**
 * Exact money. Amounts travel as decimal strings (or JSON numbers) in major units and are stored as
 * integers in the currency's minor unit. No floating-point arithmetic touches an amount: strings are
 * split into digits and read with BigInt; a JSON number is read through its shortest round-trip
 * decimal form (what `String(n)` gives), so `12.5` is 12.50 and `0.1 + 0.2` is refused, not rounded.
 */
export type MoneyProblem = { field: string; message: string };
export type MoneyParse = { ok: true; minor: bigint; exponent: number } | { ok: false; problem: MoneyProblem };

export interface MoneyRules {
  /** Largest accepted amount, in minor units. */
  maxMinor: bigint;
  /** A sale is never zero; other amounts (e.g. a day's total) may be. */
  allowZero?: boolean;
  /** The field name reported in problems. */
  field?: string;
}

const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;
const MAX_DIGITS = 30;

export function normaliseCurrency(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || !/^[A-Za-z]{3}$/.test(raw)) return undefined;
  const code = raw.toUpperCase();
  return currencyExponent(code) === undefined ? undefined : code;
}

/** The decimal text of a wire amount, or why it cannot be one. */
function decimalText(raw: unknown): { text: string } | { error: string } {
  if (typeof raw === 'string') {
    if (/^\s|\s$/.test(raw)) return { error: 'must not contain spaces' };
    if (raw.startsWith('-')) return { error: 'must be positive' };
    return { text: raw };
  }
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { error: 'must be a finite decimal' };
    if (raw < 0 || Object.is(raw, -0)) return { error: 'must be positive' };
    const text = String(raw);
    // 1e-7 or 1e+21: the number's shortest form hides digits or magnitude; a string says it exactly.
    if (/e/i.test(text)) return { error: 'must be written without an exponent; send a decimal string' };
    return { text };
  }
  return { error: 'must be a decimal string such as "12.50" or a number' };
}

/** Reads an amount in major units of `currency` into exact minor units. */
export function parseMoney(raw: unknown, currency: string, rules: MoneyRules): MoneyParse {
  const field = rules.field ?? 'amount';
  const fail = (message: string): MoneyParse => ({ ok: false, problem: { field, message } });
  const exponent = currencyExponent(currency);
  if (exponent === undefined)
    return { ok: false, problem: { field: 'currency', message: 'is not a supported ISO 4217 currency' } };
  const d = decimalText(raw);
  if ('error' in d) return fail(d.error);
  if (d.text.length > MAX_DIGITS) return fail('is too long');
  const m = DECIMAL.exec(d.text);
  if (!m) return fail('must be a plain decimal such as "12.50" (digits, one optional point)');
  const [, whole, fraction = ''] = m;
  if (fraction.length > exponent) {
    return fail(
      exponent === 0
        ? `must be a whole number: ${currency} has no minor unit`
        : `has more than ${exponent} decimal places, which ${currency} does not have (no rounding is done)`,
    );
  }
  const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
  if (minor === 0n && !rules.allowZero) return fail('must be greater than zero');
  if (minor > rules.maxMinor) {
    return fail(
      `is above the largest accepted amount (${formatMinor(rules.maxMinor, exponent)} ${currency})`,
    );
  }
  return { ok: true, minor, exponent };
}

/** Minor units → the exact decimal string in major units: 1250 USD → "12.50", 1250 JPY → "1250". */
export function formatMinor(minor: bigint | number | string, exponent: number): string {
  const value = BigInt(minor);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, '0');
  const text = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return negative ? `-${text}` : text;
}

export function formatAmount(minor: bigint | number | string, currency: string): string {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) throw new Error(`unsupported currency ${currency}`);
  return formatMinor(minor, exponent);
}
