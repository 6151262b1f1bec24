import { stringify } from 'csv-stringify/sync';
import { SPREADSHEET_SAFE_CAST, spreadsheetSafe } from './csv-cells';

describe('spreadsheetSafe (OWASP CSV injection)', () => {
  it('prefixes text that starts with = + - @ tab or CR with a quote, and nothing else', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
      expect(spreadsheetSafe(`${lead}1+1`)).toBe(`'${lead}1+1`);
    }
    for (const safe of ['', 'TX-1', ' =1', "'=1", '12.50', '2026-11-25T10:00:00.000Z', '\n=1']) {
      expect(spreadsheetSafe(safe)).toBe(safe);
    }
  });

  it('applies to text cells only: a number we write stays a number, negative or not', () => {
    const csv = stringify([{ t: '=HYPERLINK("x")', n: -5, m: 100 }], {
      header: true,
      columns: ['t', 'n', 'm'],
      cast: SPREADSHEET_SAFE_CAST,
    });
    expect(csv).toBe(`t,n,m\n"'=HYPERLINK(""x"")",-5,100\n`);
  });
});
