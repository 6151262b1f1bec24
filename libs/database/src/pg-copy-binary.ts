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

/** A value the column's type cannot hold (PostgreSQL would refuse it as text, with 22003). */
export class CopyValueOutOfRangeError extends RangeError {}

/**
 * Appends rows to one growing buffer: `row(n)` starts a row of n fields, then one call per field in
 * column order. `finish()` answers the whole COPY payload (header, rows, trailer).
 */
export class PgBinaryCopyWriter {
  private buf: Buffer;
  private at = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(Math.max(initialBytes, 64));
    SIGNATURE.copy(this.buf, 0);
    this.at = SIGNATURE.length;
    this.buf.writeInt32BE(0, this.at); // flags: no OIDs
    this.buf.writeInt32BE(0, this.at + 4); // header extension length
    this.at += 8;
  }

  row(fields: number): this {
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
    return this.int64((ms - PG_EPOCH_MS) * 1000);
  }

  text(v: string | null | undefined): this {
    if (v === null || v === undefined) return this.null();
    return this.bytes(v, 0);
  }

  /** jsonb from JSON text: a version byte, then the text. */
  jsonb(json: string | null | undefined): this {
    if (json === null || json === undefined) return this.null();
    return this.bytes(json, 1);
  }

  null(): this {
    this.room(4);
    this.buf.writeInt32BE(-1, this.at);
    this.at += 4;
    return this;
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
