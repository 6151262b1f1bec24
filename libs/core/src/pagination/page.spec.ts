import { BadRequestException } from '@nestjs/common';
import { decodeCursor, encodeCursor, toPage } from './page';

describe('keyset pages', () => {
  it('round-trips a cursor', () => {
    const c = { k: '2026-11-25T10:00:00.123Z', id: 'abc' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it('rejects a tampered cursor with a 400, not a 500', () => {
    expect(() => decodeCursor('not-base64-json')).toThrow(BadRequestException);
    expect(() => decodeCursor(Buffer.from('{"k":{}}').toString('base64url'))).toThrow(BadRequestException);
  });

  it('uses the extra row only to say that another page exists', () => {
    const rows = [1, 2, 3].map((n) => ({ n }));
    const page = toPage(
      rows,
      2,
      (r) => r.n,
      (r) => ({ k: r.n, id: r.n }),
    );
    expect(page.items).toEqual([1, 2]);
    expect(decodeCursor(page.nextCursor ?? undefined)).toEqual({ k: 2, id: 2 });
    expect(
      toPage(
        rows.slice(0, 2),
        2,
        (r) => r.n,
        (r) => ({ k: r.n, id: r.n }),
      ).nextCursor,
    ).toBeNull();
  });
});
