/** Exact decimal strings ("12.50") ↔ integer minor units, without floating point. */

/** Digits after the decimal point of an exact amount ("12.50" → 2, "300" → 0). */
export function exponentOf(amount: string): number {
  const dot = amount.indexOf('.');
  return dot < 0 ? 0 : amount.length - dot - 1;
}

/** "12.5" at exponent 2 → 1250. Throws on anything that is not a plain decimal. */
export function toMinor(amount: string, exponent: number): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new Error(`not a decimal amount: ${amount}`);
  const [, sign, whole, fraction = ''] = match;
  const padded = fraction.padEnd(exponent, '0').slice(0, exponent);
  const minor = Number(whole) * 10 ** exponent + (padded ? Number(padded) : 0);
  return sign ? -minor : minor;
}

/** Formats minor units in a currency for the current language ("1.234,50 €" in Spanish). */
export function formatMoney(minor: number, exponent: number, currency: string, locale: string): string {
  const value = minor / 10 ** exponent;
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    }).format(value);
  } catch {
    // An unknown ISO code: the number and the code as sent.
    return `${value.toFixed(exponent)} ${currency}`;
  }
}
