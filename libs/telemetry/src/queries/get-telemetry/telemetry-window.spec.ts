import { DomainError, encodeCursor } from '@app/core';
import { parseUtcTimestamp } from './get-telemetry.query';
import { resolveTelemetryWindow } from './telemetry-window';

const now = new Date('2026-11-25T10:00:00.000Z');
const base = { bucket: 'raw' as const, limit: 500 };

function invalidDetails(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).kind).toBe('invalid');
    return (e as DomainError).details;
  }
  throw new Error('expected a DomainError');
}

describe('resolveTelemetryWindow', () => {
  it('defaults to the last hour, and to an hour before `to` when only `to` is given', () => {
    expect(resolveTelemetryWindow(base, now)).toMatchObject({
      from: new Date('2026-11-25T09:00:00.000Z'),
      to: now,
    });
    const to = new Date('2026-11-20T00:00:00.000Z');
    expect(resolveTelemetryWindow({ ...base, to }, now).from).toEqual(new Date('2026-11-19T23:00:00.000Z'));
  });

  it('refuses from ≥ to', () => {
    expect(invalidDetails(() => resolveTelemetryWindow({ ...base, from: now, to: now }, now))).toEqual([
      { field: 'from', message: 'must be before `to`' },
    ]);
  });

  it('caps the range per bucket', () => {
    const from = new Date(now.getTime() - 32 * 86_400_000);
    expect(invalidDetails(() => resolveTelemetryWindow({ ...base, from }, now))).toEqual([
      expect.objectContaining({ field: 'to' }),
    ]);
    expect(resolveTelemetryWindow({ ...base, bucket: '1h', from }, now).from).toEqual(from);
  });

  it('refuses a limit outside 1..1000', () => {
    expect(invalidDetails(() => resolveTelemetryWindow({ ...base, limit: 0 }, now))).toEqual([
      expect.objectContaining({ field: 'limit' }),
    ]);
    expect(invalidDetails(() => resolveTelemetryWindow({ ...base, limit: 1001 }, now))).toBeDefined();
  });

  it('accepts its own cursors and refuses one made for another bucket', () => {
    const raw = encodeCursor({ k: '1764064800123456', id: '42' });
    expect(resolveTelemetryWindow({ ...base, cursor: raw }, now).after).toEqual({
      tsMicros: '1764064800123456',
      id: '42',
    });
    expect(invalidDetails(() => resolveTelemetryWindow({ ...base, bucket: '1m', cursor: raw }, now))).toEqual(
      [{ field: 'cursor', message: 'invalid cursor for this query' }],
    );
    const bucket = encodeCursor({ k: '1764064800000000', id: '1m' });
    expect(resolveTelemetryWindow({ ...base, bucket: '1m', cursor: bucket }, now).after?.tsMicros).toBe(
      '1764064800000000',
    );
  });
});

describe('parseUtcTimestamp', () => {
  it('reads a timestamp without a zone as UTC and keeps explicit zones', () => {
    expect(parseUtcTimestamp('2026-11-25T10:00:00.123456').toISOString()).toBe('2026-11-25T10:00:00.123Z');
    expect(parseUtcTimestamp('2026-11-25T10:00:00+02:00').toISOString()).toBe('2026-11-25T08:00:00.000Z');
    expect(parseUtcTimestamp('2026-11-25').toISOString()).toBe('2026-11-25T00:00:00.000Z');
  });
});
