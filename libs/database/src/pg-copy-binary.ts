/*
 * Rows in PostgreSQL's binary COPY format, for the telemetry hot path. Compared with COPY text, no
 * number or timestamp is turned into a string here and parsed back there (float and timestamptz
 * parsing dominate the server's cost of a text row), and nothing needs escaping.
 * Format: https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4
 */

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Milliseconds from the Unix epoch to PostgreSQL's (2000-01-01T00:00:00Z). */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;
const JSONB_VERSION = 1;

/** Header bytes before the first row: signature, flags, header extension length. */
export const COPY_BINARY_HEADER_BYTES = SIGNATURE.length + 8;
const TRAILER = Buffer.from([0xff, 0xff]);
/** Microseconds from PostgreSQL's epoch to its earliest timestamp (4714-11-24 BC); later ones fit any Date. */
const PG_MIN_TIMESTAMP_US = -211_813_488_000_000_000;

/** A value the column's type cannot hold (PostgreSQL would refuse it as text, with 22003). */
export class CopyValueOutOfRangeError extends RangeError {}

/** Text PostgreSQL cannot store: `\u0000` or an unpaired surrogate escape in jsonb (22P05 / 22P02). */
export class CopyInvalidTextError extends RangeError {}

/**
 * Appends rows to one growing buffer: `row(n)` starts a row of n fields, then one call per field in
 * column order. `finish()` answers the whole COPY payload (header, rows, trailer).
 */
export class PgBinaryCopyWriter {
  private buf: Buffer;
  private at = 0;
  /** Where the current row started, so a row whose value is refused can be taken back. */
  private rowAt = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(Math.max(initialBytes, 64));
    SIGNATURE.copy(this.buf, 0);
    this.at = SIGNATURE.length;
    this.buf.writeInt32BE(0, this.at); // flags: no OIDs
    this.buf.writeInt32BE(0, this.at + 4); // header extension length
    this.at += 8;
  }

  /** Bytes written so far: after a row, where that row ends in the payload `finish()` answers. */
  get length(): number {
    return this.at;
  }

  row(fields: number): this {
    this.rowAt = this.at;
    this.room(2);
    this.buf.writeInt16BE(fields, this.at);
    this.at += 2;
    return this;
  }

  int4(v: number): this {
    this.room(8);
    this.buf.writeInt32BE(4, this.at);
    this.buf.writeInt32BE(v, this.at + 4);
    this.at += 8;
    return this;
  }

  /** bigint from a safe integer, or NULL. */
  int8(v: number | null | undefined): this {
    if (v === null || v === undefined) return this.null();
    if (!Number.isSafeInteger(v)) throw new CopyValueOutOfRangeError(`${v} is not a safe integer`);
    return this.int64(v);
  }

  /** real, or NULL. A finite number beyond float4's range is refused, as PostgreSQL would. */
  float4(v: number | null | undefined): this {
    if (v === null || v === undefined) return this.null();
    if (Number.isFinite(v) && !Number.isFinite(Math.fround(v))) {
      throw new CopyValueOutOfRangeError(`${v} is out of range for type real`);
    }
    this.room(8);
    this.buf.writeInt32BE(4, this.at);
    this.buf.writeFloatBE(v, this.at + 4);
    this.at += 8;
    return this;
  }

  float8(v: number | null | undefined): this {
    if (v === null || v === undefined) return this.null();
    this.room(12);
    this.buf.writeInt32BE(8, this.at);
    this.buf.writeDoubleBE(v, this.at + 4);
    this.at += 12;
    return this;
  }

  /** timestamptz (microseconds since 2000-01-01 UTC; a Date holds milliseconds). */
  timestamptz(v: Date): this {
    const ms = v.getTime();
    if (Number.isNaN(ms)) throw new CopyValueOutOfRangeError('invalid date');
    const us = (ms - PG_EPOCH_MS) * 1000;
    if (us < PG_MIN_TIMESTAMP_US)
      throw new CopyValueOutOfRangeError(`${v.toISOString()} is out of range for type timestamptz`);
    return this.int64(us);
  }

  text(v: string | null | undefined): this {
    if (v === null || v === undefined) return this.null();
    return this.bytes(v, 0);
  }

  /**
   * jsonb from JSON text: a version byte, then the text. PostgreSQL refuses the escapes `\u0000` and
   * an unpaired surrogate (JSON.stringify writes a lone surrogate that way), so they are refused here.
   */
  jsonb(json: string | null | undefined): this {
    if (json === null || json === undefined) return this.null();
    // A native scan; the escape walk runs only for text holding a \u escape at all.
    if (json.includes('\\u')) refuseUnstorableEscapes(json);
    return this.bytes(json, 1);
  }

  null(): this {
    this.room(4);
    this.buf.writeInt32BE(-1, this.at);
    this.at += 4;
    return this;
  }

  /**
   * Takes back the row being written (its value was refused): the payload is as it was before
   * `row()`. Answers how many of the row's fields had been written, i.e. the index of the refused one.
   */
  abandonRow(): number {
    let fields = 0;
    for (let p = this.rowAt + 2; p < this.at; fields++) p += 4 + Math.max(0, this.buf.readInt32BE(p));
    this.at = this.rowAt;
    return fields;
  }

  /** The payload with its trailer. The writer is spent afterwards. */
  finish(): Buffer {
    this.room(2);
    this.buf.writeInt16BE(-1, this.at);
    this.at += 2;
    return this.buf.subarray(0, this.at);
  }

  private int64(v: number): this {
    this.room(12);
    // Split into 32-bit halves without BigInt; floor keeps the high half right for negatives.
    const hi = Math.floor(v / TWO_32);
    this.buf.writeInt32BE(8, this.at);
    this.buf.writeInt32BE(hi, this.at + 4);
    this.buf.writeUInt32BE(v - hi * TWO_32, this.at + 8);
    this.at += 12;
    return this;
  }

  private bytes(s: string, jsonbVersion: 0 | 1): this {
    const prefix = jsonbVersion ? 1 : 0;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: reserve that, then write the real length.
    this.room(4 + prefix + s.length * 3);
    const start = this.at + 4;
    if (prefix) this.buf[start] = JSONB_VERSION;
    const n = this.buf.write(s, start + prefix, 'utf8');
    this.buf.writeInt32BE(n + prefix, this.at);
    this.at = start + prefix + n;
    return this;
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + bytes));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }
}

/**
 * A payload of `PgBinaryCopyWriter.finish()` holding only the rows `keep` accepts, copied without
 * encoding them again. `rowEnds[i]` is the writer's `length` right after row i. Consecutive kept
 * rows are copied as one slice.
 */
export function copyPayloadSubset(
  payload: Buffer,
  rowEnds: ArrayLike<number>,
  keep: (row: number) => boolean,
): Buffer {
  const parts: Buffer[] = [payload.subarray(0, COPY_BINARY_HEADER_BYTES)];
  let runStart = -1;
  for (let i = 0; i <= rowEnds.length; i++) {
    const start = i === 0 ? COPY_BINARY_HEADER_BYTES : (rowEnds[i - 1] as number);
    const kept = i < rowEnds.length && keep(i);
    if (kept && runStart === -1) runStart = start;
    if (!kept && runStart !== -1) {
      parts.push(payload.subarray(runStart, start));
      runStart = -1;
    }
  }
  parts.push(TRAILER);
  return Buffer.concat(parts);
}

/** Throws on `\u0000` or on a surrogate escape that is not a high one followed by a low one. */
function refuseUnstorableEscapes(json: string): void {
  for (let i = json.indexOf('\\'); i !== -1; i = json.indexOf('\\', i)) {
    if (json.charCodeAt(i + 1) !== 0x75 /* u */) {
      i += 2; // \\, \", \n, …: the escaped character is never the start of another escape
      continue;
    }
    const code = hex4(json, i + 2);
    if (code === 0) throw new CopyInvalidTextError('\\u0000 cannot be stored in jsonb');
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = json.charCodeAt(i + 6) === 0x5c && json.charCodeAt(i + 7) === 0x75 ? hex4(json, i + 8) : -1;
      if (low < 0xdc00 || low > 0xdfff) throw new CopyInvalidTextError('unpaired surrogate in jsonb');
      i += 12;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      throw new CopyInvalidTextError('unpaired surrogate in jsonb');
    } else {
      i += 6;
    }
  }
}

/** The four hex digits at `at` as a number, or -1 (the database reports malformed escapes itself). */
function hex4(s: string, at: number): number {
  let v = 0;
  for (let i = at; i < at + 4; i++) {
    const c = s.charCodeAt(i);
    const d =
      c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 0x57 : -1;
    if (d === -1) return -1;
    v = v * 16 + d;
  }
  return v;
}
