import {
  numberArrayLiteral,
  quoteElement,
  textArrayLiteral,
  timestampArrayLiteral,
} from './pg-array-literal';
import { aReading } from './reading.fixture';

describe('PostgreSQL array literals', () => {
  const rs = [aReading({ seq: 3 }), aReading({ seq: null, location: { lat: 1.5, lng: -2 } })];

  it('writes numbers bare and missing values as NULL', () => {
    expect(numberArrayLiteral(rs, (r) => r.seq)).toBe('{3,NULL}');
    expect(numberArrayLiteral(rs, (r) => r.location.accuracy)).toBe('{4.2,NULL}');
    expect(numberArrayLiteral([], (r) => r.seq)).toBe('{}');
  });

  it('writes timestamps as UTC ISO strings', () => {
    expect(timestampArrayLiteral(rs, (r) => r.timestamp)).toBe(
      '{2026-11-25T10:00:00.000Z,2026-11-25T10:00:00.000Z}',
    );
  });

  it('quotes text so commas, braces, quotes, backslashes and the word NULL survive', () => {
    expect(quoteElement('a"b\\c')).toBe('"a\\"b\\\\c"');
    const odd = [aReading({ extra: { note: 'x, {y} "z" \\ NULL' } }), aReading({ extra: null })];
    expect(textArrayLiteral(odd, (r) => (r.extra ? JSON.stringify(r.extra) : null))).toBe(
      '{"{\\"note\\":\\"x, {y} \\\\\\"z\\\\\\" \\\\\\\\ NULL\\"}",NULL}',
    );
  });
});
