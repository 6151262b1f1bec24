import {
  numberArrayLiteral,
  quoteElement,
  textArrayLiteral,
  timestampArrayLiteral,
} from './pg-array-literal';

interface Row {
  seq: number | null;
  accuracy?: number;
  at: Date;
  note: string | null;
}

describe('PostgreSQL array literals', () => {
  const at = new Date('2026-11-25T10:00:00.000Z');
  const rs: Row[] = [
    { seq: 3, accuracy: 4.2, at, note: null },
    { seq: null, at, note: null },
  ];

  it('writes numbers bare and missing values as NULL', () => {
    expect(numberArrayLiteral(rs, (r) => r.seq)).toBe('{3,NULL}');
    expect(numberArrayLiteral(rs, (r) => r.accuracy)).toBe('{4.2,NULL}');
    expect(numberArrayLiteral([] as Row[], (r) => r.seq)).toBe('{}');
  });

  it('writes timestamps as UTC ISO strings', () => {
    expect(timestampArrayLiteral(rs, (r) => r.at)).toBe(
      '{2026-11-25T10:00:00.000Z,2026-11-25T10:00:00.000Z}',
    );
  });

  it('quotes text so commas, braces, quotes, backslashes and the word NULL survive', () => {
    expect(quoteElement('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quoteElement('paper_jam')).toBe('"paper_jam"');
    const odd: Row[] = [
      { seq: 1, at, note: JSON.stringify({ note: 'x, {y} "z" \\ NULL' }) },
      { seq: 2, at, note: null },
    ];
    expect(textArrayLiteral(odd, (r) => r.note)).toBe(
      '{"{\\"note\\":\\"x, {y} \\\\\\"z\\\\\\" \\\\\\\\ NULL\\"}",NULL}',
    );
  });
});
