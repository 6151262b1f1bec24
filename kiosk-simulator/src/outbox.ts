/**
 * A kiosk's bounded store of messages not yet acknowledged by the server, in send order.
 *
 * Field units keep unacknowledged readings and resend them after a reconnect with the same `seq`
 * (the server stores a repeated `seq` once). An entry is:
 * - inflight: emitted on the current connection, ack pending;
 * - held: the server answered "not now" (rate_limited, overloaded) or the ack timed out; it waits
 *   for the next connection instead of being hammered again right away;
 * - done: acknowledged or rejected for good; dropped from the head as soon as possible.
 */
export interface OutboxEntry<T> {
  key: number;
  payload: T;
  label: string;
  /** Simulated time the message describes (for ground truth). */
  simMs: number;
  emits: number;
  inflight: boolean;
  held: boolean;
  done: boolean;
  /** Connection epoch of the last emit, so a late ack from a dead connection is recognised. */
  epoch: number;
  sentAt: number;
}

export class Outbox<T> {
  private items: (OutboxEntry<T> | undefined)[] = [];
  private head = 0;
  /** Next index not yet emitted on the current connection. */
  private cursor = 0;
  private live = 0;
  inflightCount = 0;
  dropped = 0;

  constructor(private readonly limit: number) {}

  /** Entries not yet done (pending, inflight or held). */
  get size(): number {
    return this.live;
  }

  push(key: number, payload: T, label: string, simMs: number): OutboxEntry<T> {
    const entry: OutboxEntry<T> = {
      key,
      payload,
      label,
      simMs,
      emits: 0,
      inflight: false,
      held: false,
      done: false,
      epoch: -1,
      sentAt: 0,
    };
    this.items.push(entry);
    this.live++;
    while (this.live > this.limit) this.dropOldest();
    return entry;
  }

  /**
   * Next entries to emit on this connection, oldest first, while fewer than `window` are inflight.
   * Entries stay in order, so a resent backlog reaches the server in `seq` order before new readings.
   */
  takeSendable(window: number, out: OutboxEntry<T>[]): OutboxEntry<T>[] {
    out.length = 0;
    if (this.cursor < this.head) this.cursor = this.head;
    while (this.cursor < this.items.length && this.inflightCount + out.length < window) {
      const e = this.items[this.cursor++];
      if (e === undefined || e.done || e.inflight || e.held) continue;
      out.push(e);
    }
    return out;
  }

  markInflight(entry: OutboxEntry<T>, epoch: number, now: number): void {
    entry.inflight = true;
    entry.epoch = epoch;
    entry.sentAt = now;
    entry.emits++;
    this.inflightCount++;
  }

  /** Acknowledged, or rejected in a way resending cannot fix. */
  complete(entry: OutboxEntry<T>): void {
    if (entry.done) return;
    this.clearInflight(entry);
    entry.done = true;
    this.live--;
    this.compact();
  }

  /** Keep it for the next connection. */
  hold(entry: OutboxEntry<T>): void {
    if (entry.done) return;
    this.clearInflight(entry);
    entry.held = true;
  }

  /** A new connection: everything not done becomes sendable again, from the oldest. */
  rewind(): void {
    this.inflightCount = 0;
    for (let i = this.head; i < this.items.length; i++) {
      const e = this.items[i];
      if (e === undefined || e.done) continue;
      e.inflight = false;
      e.held = false;
    }
    this.cursor = this.head;
  }

  private clearInflight(entry: OutboxEntry<T>): void {
    if (entry.inflight) {
      entry.inflight = false;
      this.inflightCount--;
    }
  }

  private dropOldest(): void {
    while (this.head < this.items.length) {
      const e = this.items[this.head];
      if (e !== undefined && !e.done) {
        this.clearInflight(e);
        e.done = true;
        this.live--;
        this.dropped++;
        this.compact();
        return;
      }
      this.items[this.head++] = undefined;
    }
  }

  private compact(): void {
    while (this.head < this.items.length) {
      const e = this.items[this.head];
      if (e !== undefined && !e.done) break;
      this.items[this.head++] = undefined;
    }
    // Reclaim the dead prefix now and then rather than shifting on every ack.
    if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.cursor = Math.max(0, this.cursor - this.head);
      this.head = 0;
    }
  }
}
