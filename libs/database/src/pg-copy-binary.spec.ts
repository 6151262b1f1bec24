import {
  CopyInvalidTextError,
  copyPayloadSubset,
  CopyValueOutOfRangeError,
  PgBinaryCopyWriter,
} from './pg-copy-binary';

const HEADER = Buffer.concat([
  Buffer.from('PGCOPY\n', 'latin1'),
  Buffer.from([0xff, 0x0d, 0x0a, 0x00]),
  Buffer.alloc(8),
]);
const TRAILER = Buffer.from([0xff, 0xff]);

/** The bytes of one row's fields, between the header and the trailer. */
function rowBytes(write: (w: PgBinaryCopyWriter) => void): Buffer {
  const w = new PgBinaryCopyWriter(16);
  write(w);
  const out = w.finish();
  expect(out.subarray(0, HEADER.length)).toEqual(HEADER);
  expect(out.subarray(out.length - 2)).toEqual(TRAILER);
  return out.subarray(HEADER.length, out.length - 2);
}

const hex = (b: Buffer) => b.toString('hex');

describe('COPY binary rows', () => {
  it('frames a row: field count, then each field as length and big-endian value, NULL as length -1', () => {
    const b = rowBytes((w) => w.row(3).int4(7).null().float8(1.5));
    expect(hex(b)).toBe('0003' + '00000004' + '00000007' + 'ffffffff' + '00000008' + '3ff8000000000000');
  });

  it('writes real as float4 and refuses a finite value float4 cannot hold', () => {
    expect(hex(rowBytes((w) => w.float4(24.1)))).toBe('00000004' + '41c0cccd');
    expect(() => new PgBinaryCopyWriter().float4(1e39)).toThrow(CopyValueOutOfRangeError);
  });

  it('writes timestamptz as microseconds since 2000-01-01 UTC, before and after it', () => {
    expect(hex(rowBytes((w) => w.timestamptz(new Date('2000-01-01T00:00:00.001Z'))))).toBe(
      '00000008' + '00000000000003e8',
    );
    expect(hex(rowBytes((w) => w.timestamptz(new Date('1999-12-31T23:59:59.999Z'))))).toBe(
      '00000008' + 'fffffffffffffc18',
    );
    // 2026-11-25T10:00:00.123Z: (1795600800123 - 946684800000) ms, in µs
    const us = (Date.parse('2026-11-25T10:00:00.123Z') - 946_684_800_000) * 1000;
    expect(hex(rowBytes((w) => w.timestamptz(new Date('2026-11-25T10:00:00.123Z'))))).toBe(
      '00000008' + us.toString(16).padStart(16, '0'),
    );
    expect(() => new PgBinaryCopyWriter().timestamptz(new Date(Number.NaN))).toThrow(
      CopyValueOutOfRangeError,
    );
  });

  it('writes bigint from safe integers only', () => {
    expect(hex(rowBytes((w) => w.int8(Number.MAX_SAFE_INTEGER)))).toBe('00000008' + '001fffffffffffff');
    expect(() => new PgBinaryCopyWriter().int8(2 ** 60)).toThrow(CopyValueOutOfRangeError);
  });

  it('writes text as UTF-8 with its byte length, and jsonb with its version byte first', () => {
    expect(hex(rowBytes((w) => w.text('ü\t\\N')))).toBe('00000005' + 'c3bc' + '09' + '5c4e');
    expect(hex(rowBytes((w) => w.jsonb('{"a":"é"}')))).toBe(
      '0000000b' + '01' + Buffer.from('{"a":"é"}', 'utf8').toString('hex'),
    );
  });

  it('grows past its first buffer without losing what it holds', () => {
    const w = new PgBinaryCopyWriter(64);
    const long = 'x'.repeat(10_000);
    for (let i = 0; i < 50; i++) w.row(2).int4(i).text(long);
    const out = w.finish();
    expect(out.length).toBe(HEADER.length + 50 * (2 + 8 + 4 + 10_000) + 2);
    expect(out.readInt32BE(HEADER.length + 2 + 4)).toBe(0);
    expect(out.subarray(out.length - 2)).toEqual(TRAILER);
  });

  it('refuses a timestamp before PostgreSQL’s earliest (4714-11-24 BC) and takes the oldest it holds', () => {
    expect(() => new PgBinaryCopyWriter().timestamptz(new Date(Date.UTC(-5000, 0, 1)))).toThrow(
      CopyValueOutOfRangeError,
    );
    expect(() => new PgBinaryCopyWriter().timestamptz(new Date(Date.UTC(-4712, 0, 1)))).not.toThrow();
  });

  it('refuses jsonb text holding \\u0000 or an unpaired surrogate escape, and keeps every other escape', () => {
    const refused = (o: unknown) => () => new PgBinaryCopyWriter().jsonb(JSON.stringify(o));
    expect(refused({ a: 'nul \u0000' })).toThrow(CopyInvalidTextError);
    expect(refused({ a: 'low \udc00 alone' })).toThrow(CopyInvalidTextError);
    expect(refused({ a: 'high \ud83d alone' })).toThrow(CopyInvalidTextError);
    expect(refused(['\ud83d', 'x'])).toThrow(CopyInvalidTextError);
    expect(() => new PgBinaryCopyWriter().jsonb('{"a":"\\ud83d\\ude00"}')).not.toThrow(); // an escaped pair
    for (const ok of [
      { a: 'pair 😀' },
      { a: 'backslash then u0000: \\u0000' },
      { a: '\u0001\t\n"' },
      { a: 'x\\' },
    ]) {
      expect(refused(ok)).not.toThrow();
    }
  });

  it('takes back a refused row, naming the field it failed on, and keeps the rows before it', () => {
    const w = new PgBinaryCopyWriter(16);
    w.row(2).int4(1).float4(2);
    const end = w.length;
    w.row(3).int4(2).text('ab');
    expect(() => w.float4(1e39)).toThrow(CopyValueOutOfRangeError);
    expect(w.abandonRow()).toBe(2);
    expect(w.length).toBe(end);
    w.row(2).int4(3).null();
    expect(hex(w.finish())).toBe(
      hex(HEADER) +
        '0002' +
        '0000000400000001' +
        '00000004' +
        '40000000' +
        '0002' +
        '0000000400000003' +
        'ffffffff' +
        'ffff',
    );
  });

  it('copies a subset of the rows, consecutive ones as one slice, without encoding them again', () => {
    const w = new PgBinaryCopyWriter(16);
    const ends: number[] = [];
    for (let i = 0; i < 5; i++) {
      w.row(1).int4(i);
      ends.push(w.length);
    }
    const payload = w.finish();
    const subset = copyPayloadSubset(payload, ends, (row) => row !== 1 && row !== 4);
    const row = (v: number) => '0001' + '00000004' + v.toString(16).padStart(8, '0');
    expect(hex(subset)).toBe(hex(HEADER) + row(0) + row(2) + row(3) + 'ffff');
    expect(hex(copyPayloadSubset(payload, ends, () => false))).toBe(hex(HEADER) + 'ffff');
  });
});
