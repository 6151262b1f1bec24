import { formatAmount, formatMinor, MoneyRules, normaliseCurrency, parseMoney } from './money';

const rules = { maxMinor: 100_000_000n };
const minor = (raw: unknown, currency: string, r: MoneyRules = rules) => {
  const p = parseMoney(raw, currency, r);
  return p.ok ? p.minor : p.problem.message;
};

describe('parseMoney', () => {
  it.each([
    ['12.50', 'USD', 1250n],
    ['12.5', 'USD', 1250n],
    ['12', 'USD', 1200n],
    ['0.01', 'USD', 1n],
    [12.5, 'USD', 1250n],
    [0.1, 'EUR', 10n],
    [19.99, 'EUR', 1999n],
    ['1250', 'JPY', 1250n],
    [1250, 'JPY', 1250n],
    ['1.250', 'KWD', 1250n],
    ['1.25', 'KWD', 1250n],
    [1.005, 'KWD', 1005n],
    ['0.001', 'BHD', 1n],
    ['1000000.00', 'USD', 100_000_000n],
  ])('reads %p %s exactly as %p minor units', (raw, currency, expected) => {
    expect(minor(raw, currency)).toBe(expected);
  });

  it.each([
    ['12.505', 'USD', /more than 2 decimal places/],
    ['12.500', 'USD', /more than 2 decimal places/],
    [12.345, 'USD', /more than 2 decimal places/],
    [0.1 + 0.2, 'USD', /more than 2 decimal places/],
    ['1250.5', 'JPY', /whole number/],
    ['1250.0', 'JPY', /whole number/],
    [1250.5, 'JPY', /whole number/],
    ['1.2345', 'KWD', /more than 3 decimal places/],
  ])('refuses the rounding attempt %p %s', (raw, currency, message) => {
    expect(minor(raw, currency)).toMatch(message);
  });

  it.each([
    ['0', /greater than zero/],
    ['0.00', /greater than zero/],
    [0, /greater than zero/],
    ['-1.00', /positive/],
    [-1, /positive/],
    [-0, /positive/],
    ['1e3', /plain decimal/],
    [1e-7, /exponent/],
    [1e21, /exponent/],
    ['+1.00', /plain decimal/],
    ['01.00', /plain decimal/],
    ['1.', /plain decimal/],
    ['.5', /plain decimal/],
    ['1,50', /plain decimal/],
    [' 1.50', /spaces/],
    ['', /plain decimal/],
    ['NaN', /plain decimal/],
    [Number.NaN, /finite/],
    [Number.POSITIVE_INFINITY, /finite/],
    [null, /decimal string/],
    [true, /decimal string/],
    [{ value: '1' }, /decimal string/],
    ['1000000.01', /largest accepted amount \(1000000.00 USD\)/],
    ['9'.repeat(40), /too long/],
  ])('refuses %p', (raw, message) => {
    expect(minor(raw, 'USD')).toMatch(message);
  });

  it('accepts zero where the rules allow it (a day with no sales)', () => {
    expect(minor('0.00', 'USD', { ...rules, allowZero: true })).toBe(0n);
  });

  it('refuses an unsupported currency, naming the currency field', () => {
    expect(parseMoney('1.00', 'XYZ', rules)).toEqual({
      ok: false,
      problem: { field: 'currency', message: 'is not a supported ISO 4217 currency' },
    });
  });

  it('keeps amounts far beyond 2^53 exact (BigInt, no float)', () => {
    const p = parseMoney('123456789012345678.91', 'USD', { maxMinor: 10n ** 25n });
    expect(p.ok && p.minor).toBe(12345678901234567891n);
  });

  it('names the field it was asked to check', () => {
    const p = parseMoney('1.001', 'USD', { ...rules, field: 'totals.0.amount' });
    expect(p.ok || p.problem.field).toBe('totals.0.amount');
  });
});

describe('formatMinor / formatAmount', () => {
  it.each([
    [1250, 2, '12.50'],
    [5, 2, '0.05'],
    [0, 2, '0.00'],
    [1250, 0, '1250'],
    [1, 3, '0.001'],
    ['12345678901234567891', 2, '123456789012345678.91'],
    [-150, 2, '-1.50'],
  ])('%p with %p decimals is %p', (value, exponent, text) => {
    expect(formatMinor(value, exponent)).toBe(text);
  });

  it('uses the currency exponent', () => {
    expect(formatAmount(1250, 'USD')).toBe('12.50');
    expect(formatAmount(1250, 'JPY')).toBe('1250');
    expect(formatAmount(1250, 'KWD')).toBe('1.250');
  });
});

describe('normaliseCurrency', () => {
  it('upper-cases known codes and refuses the rest', () => {
    expect(normaliseCurrency('usd')).toBe('USD');
    expect(normaliseCurrency('KWD')).toBe('KWD');
    expect(normaliseCurrency('XYZ')).toBeUndefined();
    expect(normaliseCurrency('US')).toBeUndefined();
    expect(normaliseCurrency(840)).toBeUndefined();
  });
});
