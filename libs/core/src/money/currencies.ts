/**
 * ISO 4217 minor-unit exponents (decimal places) of the currencies the system accepts. A currency
 * not listed is refused rather than guessed: a wrong exponent would scale every amount by 10ⁿ.
 */
// prettier-ignore
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
  // no minor unit
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0,
  UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  // three decimals
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  // four decimals (accounting units)
  CLF: 4, UYW: 4,
  // two decimals
  AED: 2, ARS: 2, AUD: 2, BDT: 2, BGN: 2, BOB: 2, BRL: 2, CAD: 2, CHF: 2, CNY: 2, COP: 2,
  CRC: 2, CZK: 2, DKK: 2, DOP: 2, EGP: 2, EUR: 2, GBP: 2, GEL: 2, GHS: 2, GTQ: 2, HKD: 2,
  HNL: 2, HUF: 2, IDR: 2, ILS: 2, INR: 2, JMD: 2, KES: 2, KZT: 2, LKR: 2, MAD: 2, MXN: 2,
  MYR: 2, NGN: 2, NOK: 2, NZD: 2, PAB: 2, PEN: 2, PHP: 2, PKR: 2, PLN: 2, QAR: 2, RON: 2,
  RSD: 2, RUB: 2, SAR: 2, SEK: 2, SGD: 2, THB: 2, TRY: 2, TWD: 2, TZS: 2, UAH: 2, USD: 2,
  UYU: 2, UZS: 2, ZAR: 2,
};

export const SUPPORTED_CURRENCIES = Object.keys(CURRENCY_EXPONENTS).sort();

/** The exponent of an upper-case ISO 4217 code, or undefined when the currency is not supported. */
export function currencyExponent(code: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(CURRENCY_EXPONENTS, code)
    ? CURRENCY_EXPONENTS[code]
    : undefined;
}
