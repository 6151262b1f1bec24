import { findInBatchDuplicates } from './batch-plan';
import { aReading } from './reading.fixture';

const at = (iso: string) => new Date(iso);

describe('findInBatchDuplicates', () => {
  it('answers null for a batch without duplicates, so the batch is sent as it is', () => {
    const batch = [aReading({ seq: 1 }), aReading({ seq: 2 }), aReading({ kioskId: 2, seq: 1 })];
    expect(findInBatchDuplicates(batch)).toBeNull();
  });

  it('points each repeat of (kiosk, seq, timestamp) at the first one', () => {
    const batch = [aReading({ seq: 1 }), aReading({ seq: 2 }), aReading({ seq: 1 }), aReading({ seq: 1 })];
    expect(Array.from(findInBatchDuplicates(batch) ?? [])).toEqual([-1, -1, 0, 0]);
  });

  it('never treats readings without seq as duplicates, even when identical', () => {
    const r = aReading({ seq: null });
    expect(findInBatchDuplicates([r, r, { ...r }])).toBeNull();
  });

  it('keeps the same seq with another timestamp or of another kiosk', () => {
    const batch = [
      aReading({ seq: 7, timestamp: at('2026-11-25T10:00:00.000Z') }),
      aReading({ seq: 7, timestamp: at('2026-11-25T10:00:00.001Z') }),
      aReading({ seq: 7, kioskId: 99, timestamp: at('2026-11-25T10:00:00.000Z') }),
    ];
    expect(findInBatchDuplicates(batch)).toBeNull();
  });
});
