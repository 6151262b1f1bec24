import type { TelemetryReading } from '@app/contracts';

/** Identity of a reading for deduplication; mirrors the table's UNIQUE (kiosk_id, seq, ts). */
export function readingKey(kioskId: number, seq: number, tsMs: number): string {
  return `${kioskId}:${seq}:${tsMs}`;
}

/**
 * For each reading of a batch, the index of an earlier reading of the same batch it duplicates, or
 * -1. ON CONFLICT cannot settle two equal rows of one INSERT (the second is not "seen" as a
 * conflict in a useful way), so they are told apart here and only the first is sent. Returns null
 * when the batch holds no duplicate, the common case, so the caller keeps the original array.
 */
export function findInBatchDuplicates(readings: readonly TelemetryReading[]): Int32Array | null {
  let seen: Map<string, number> | undefined;
  let dupOf: Int32Array | null = null;
  for (let i = 0; i < readings.length; i++) {
    const r = readings[i] as TelemetryReading;
    if (r.seq === null) continue;
    seen ??= new Map();
    const key = readingKey(r.kioskId, r.seq, r.timestamp.getTime());
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      continue;
    }
    if (!dupOf) dupOf = new Int32Array(readings.length).fill(-1);
    dupOf[i] = first;
  }
  return dupOf;
}
