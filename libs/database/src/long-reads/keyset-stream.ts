import { Readable } from 'node:stream';

/**
 * Turns of the event loop shared by every keyset stream of the process: one slice of one stream
 * per turn, round robin. However many exports stream at full speed, the loop that acks kiosks
 * pays for at most one slice between two of its own callbacks.
 */
const waitingForTurn: Array<() => void> = [];
let turnScheduled = false;

function nextTurn(): void {
  turnScheduled = false;
  waitingForTurn.shift()?.();
  if (waitingForTurn.length && !turnScheduled) {
    turnScheduled = true;
    setImmediate(nextTurn);
  }
}

function afterOtherWork(run: () => void): void {
  waitingForTurn.push(run);
  if (!turnScheduled) {
    turnScheduled = true;
    setImmediate(nextTurn);
  }
}

export interface KeysetChunks<R, T> {
  /** The first chunk, fetched before the response starts (so its errors still get a status code). */
  first: R[];
  /** The chunk after `last`, in the same order; a short chunk is the last one. */
  next(last: R): Promise<R[]>;
  chunkRows: number;
  map(row: R): T;
  /** Rows pushed per turn of the event loop (default 32, a few KB of CSV). */
  sliceRows?: number;
}

/**
 * A keyset-paged read as an object stream. Each chunk is one short query, on a connection taken
 * from the pool and given back before its rows are pushed; the next query runs only when the
 * consumer has taken enough rows to call `_read` again. A slow reader therefore holds rows in
 * memory (at most about two chunks here) but never a database connection, and once the stream is
 * destroyed (the client went away) no further query starts.
 *
 * Rows go out in slices, one slice of one stream per turn of the event loop (round robin over all
 * streams): a consumer that takes everything at once (an empty socket buffer) would otherwise run
 * a whole chunk through the CSV encoder and the socket in one go, and kiosk acks would wait behind
 * it, once per running export.
 */
export class KeysetStream<R, T> extends Readable {
  private rows: R[] = [];
  private offset = 0;
  private last: R | undefined;
  /** The last chunk came back short: after its rows, the end. */
  private exhausted = false;
  /** A query or a yield is pending: `_read` has nothing to start. */
  private busy = false;
  private readonly sliceRows: number;

  constructor(private readonly chunks: KeysetChunks<R, T>) {
    super({ objectMode: true, highWaterMark: chunks.chunkRows });
    this.sliceRows = Math.max(1, chunks.sliceRows ?? 32);
    this.accept(chunks.first);
  }

  override _read(): void {
    if (this.busy) return;
    if (this.offset < this.rows.length) return this.pushSlice();
    if (this.exhausted || this.last === undefined) return void this.push(null);
    this.busy = true;
    this.chunks.next(this.last).then(
      (rows) => {
        this.busy = false;
        if (this.destroyed) return;
        this.accept(rows);
        this.pushSlice();
      },
      (e: Error) => {
        this.busy = false;
        this.destroy(e);
      },
    );
  }

  private accept(rows: R[]): void {
    this.rows = rows;
    this.offset = 0;
    if (rows.length) this.last = rows[rows.length - 1];
    if (rows.length < this.chunks.chunkRows) this.exhausted = true;
  }

  private pushSlice(): void {
    let wantsMore = true;
    try {
      const end = Math.min(this.offset + this.sliceRows, this.rows.length);
      while (this.offset < end) wantsMore = this.push(this.chunks.map(this.rows[this.offset++]));
    } catch (e) {
      this.destroy(e as Error);
      return;
    }
    if (this.offset >= this.rows.length) {
      this.rows = [];
      this.offset = 0;
      if (this.exhausted) return void this.push(null);
    }
    // A full buffer: the consumer calls `_read` when it wants more. Otherwise go on after a yield.
    if (!wantsMore) return;
    this.busy = true;
    afterOtherWork(() => {
      this.busy = false;
      if (!this.destroyed) this._read();
    });
  }
}
