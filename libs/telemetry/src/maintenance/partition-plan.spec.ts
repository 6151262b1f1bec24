import { partitionDay, partitionsToDrop, utcDay } from './partition-plan';

describe('telemetry partition plan', () => {
  it('names UTC days whatever the local time zone', () => {
    const now = new Date('2026-11-25T23:30:00.000Z');
    expect(utcDay(now)).toBe('2026-11-25');
    expect(utcDay(now, -1)).toBe('2026-11-24');
    expect(utcDay(now, 7)).toBe('2026-12-02');
  });

  it('reads the day of a daily partition and nothing else', () => {
    expect(partitionDay('telemetry_p20261125')?.toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(partitionDay('telemetry_default')).toBeNull();
    expect(partitionDay('telemetry_p2026112')).toBeNull();
  });

  it('drops only partitions whose whole day is older than the cutoff', () => {
    const names = ['telemetry_default', 'telemetry_p20260826', 'telemetry_p20260825', 'telemetry_p20260824'];
    const cutoff = new Date('2026-08-26T00:00:00.000Z');
    expect(partitionsToDrop(names, cutoff)).toEqual(['telemetry_p20260824', 'telemetry_p20260825']);
    // One millisecond earlier and the 25th still holds a row that is kept.
    expect(partitionsToDrop(names, new Date(cutoff.getTime() - 1))).toEqual(['telemetry_p20260824']);
  });
});
