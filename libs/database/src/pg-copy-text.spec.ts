import { copyTextRows, escapeCopyText } from './pg-copy-text';

describe('COPY text rows', () => {
  it('escapes backslash, tab, newline and carriage return, and nothing else', () => {
    expect(escapeCopyText('plain "quoted" ünï')).toBe('plain "quoted" ünï');
    expect(escapeCopyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(escapeCopyText('\\N')).toBe('\\\\N');
  });

  it('writes one tab-separated line per row, NULL as \\N, timestamps in ISO', () => {
    const at = new Date('2026-11-25T10:00:00.123Z');
    expect(
      copyTextRows(
        [
          { id: 1, at, note: 'x\ty' as string | null, v: 2.5 as number | undefined },
          { id: 2, at, note: null, v: undefined },
        ],
        (r) => [r.id, r.at, r.note, r.v],
      ),
    ).toBe('1\t2026-11-25T10:00:00.123Z\tx\\ty\t2.5\n2\t2026-11-25T10:00:00.123Z\t\\N\t\\N\n');
  });
});
