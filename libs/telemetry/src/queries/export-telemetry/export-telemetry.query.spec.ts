import { DomainError } from '@app/core';
import { ExportTelemetryQuery } from './export-telemetry.query';
import { isoFromMicros } from './telemetry-export-rows';

const now = new Date('2026-11-25T10:00:00.000Z');

function details(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).kind).toBe('invalid');
    return (e as DomainError).details;
  }
  throw new Error('expected a DomainError');
}

describe('ExportTelemetryQuery.of', () => {
  it('defaults like the telemetry query: the hour before `to`, `to` now', () => {
    expect(ExportTelemetryQuery.of(1, {}, now)).toMatchObject({
      from: new Date('2026-11-25T09:00:00.000Z'),
      to: now,
    });
    expect(ExportTelemetryQuery.of(1, { to: '2026-11-20T00:00:00' }, now).from).toEqual(
      new Date('2026-11-19T23:00:00.000Z'),
    );
  });

  it('allows 31 days and refuses more, an inverted or empty range and unreadable dates', () => {
    expect(
      ExportTelemetryQuery.of(1, { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z' }, now).kioskId,
    ).toBe(1);
    expect(
      details(() =>
        ExportTelemetryQuery.of(1, { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00.001Z' }),
      ),
    ).toEqual([{ field: 'to', message: 'an export may span at most 31 days' }]);
    expect(details(() => ExportTelemetryQuery.of(1, { from: now.toISOString() }, now))).toEqual([
      { field: 'from', message: 'must be before `to`' },
    ]);
    expect(details(() => ExportTelemetryQuery.of(1, { from: 'x', to: 'y' }, now))).toEqual([
      { field: 'from', message: 'must be a date' },
      { field: 'to', message: 'must be a date' },
    ]);
  });
});

describe('isoFromMicros', () => {
  it('writes milliseconds as Date#toISOString does, and six decimals only when there are microseconds', () => {
    expect(isoFromMicros('1764064800000000')).toBe('2025-11-25T10:00:00.000Z');
    expect(isoFromMicros('1764064800123000')).toBe('2025-11-25T10:00:00.123Z');
    expect(isoFromMicros('1764064800123456')).toBe('2025-11-25T10:00:00.123456Z');
    expect(isoFromMicros('1764064800000001')).toBe('2025-11-25T10:00:00.000001Z');
  });

  it('floors times before 1970', () => {
    expect(isoFromMicros('-1')).toBe('1969-12-31T23:59:59.999999Z');
    expect(isoFromMicros('-1000')).toBe('1969-12-31T23:59:59.999Z');
  });
});
