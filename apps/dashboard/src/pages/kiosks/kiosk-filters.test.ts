import { describe, expect, it } from 'vitest';
import { kiosk } from './fixtures';
import {
  DEFAULT_FILTERS,
  compareVersions,
  countByStatus,
  filtersFromSearch,
  filtersToSearch,
  serverQuery,
  visibleKiosks,
} from './kiosk-filters';

describe('kiosk list filters ↔ URL', () => {
  it('round-trips every filter through the query string', () => {
    const f = {
      status: 'offline' as const,
      tag: 'station',
      q: 'retiro',
      firmwareVersion: '',
      firmwareBelow: '2.3.0',
      configDrift: true,
      sort: 'lastSeen' as const,
      dir: 'desc' as const,
    };
    const search = filtersToSearch(f);
    expect(search.toString()).toBe(
      'status=offline&tag=station&q=retiro&firmwareBelow=2.3.0&configDrift=true&sort=lastSeen&dir=desc',
    );
    expect(filtersFromSearch(new URLSearchParams(search.toString()))).toEqual(f);
  });

  it('gives the plain list a plain URL', () => {
    expect(filtersToSearch(DEFAULT_FILTERS).toString()).toBe('');
    expect(filtersFromSearch(new URLSearchParams())).toEqual(DEFAULT_FILTERS);
  });

  it('falls back to defaults for values it does not know', () => {
    const f = filtersFromSearch(new URLSearchParams('status=exploded&sort=price&dir=up'));
    expect(f.status).toBeNull();
    expect(f.sort).toBe('created');
    expect(f.dir).toBe('asc');
  });

  it('sends tag, text and firmware to the server, never the status, and never a non-semver firmwareBelow', () => {
    const base = {
      ...DEFAULT_FILTERS,
      status: 'online' as const,
      tag: ' mall ',
      q: 'hall',
      firmwareVersion: '2.1.0',
    };
    expect(serverQuery({ ...base, firmwareBelow: 'v2' })).toEqual({
      tag: 'mall',
      q: 'hall',
      firmwareVersion: '2.1.0',
    });
    expect(serverQuery({ ...base, firmwareBelow: '2.3.0-rc.1' })).toMatchObject({
      firmwareBelow: '2.3.0-rc.1',
    });
  });

  it('asks the server for the kiosks behind their configuration only when the filter is on', () => {
    expect(serverQuery({ ...DEFAULT_FILTERS, configDrift: true })).toEqual({ configDrift: true });
    expect(serverQuery(DEFAULT_FILTERS)).not.toHaveProperty('configDrift');
    expect(filtersFromSearch(new URLSearchParams('configDrift=yes')).configDrift).toBe(false);
  });
});

describe('visible kiosks', () => {
  const rows = [
    kiosk(1, {
      name: 'Kiosk 10',
      status: 'online',
      firmwareVersion: '2.10.0',
      lastSeenAt: '2026-12-07T10:00:00Z',
    }),
    kiosk(2, { name: 'Kiosk 9', status: 'blocked', firmwareVersion: '2.9.1', lastSeenAt: null }),
    kiosk(3, {
      name: 'kiosk 2',
      status: 'offline',
      firmwareVersion: null,
      lastSeenAt: '2026-12-07T09:00:00Z',
    }),
    kiosk(4, {
      name: 'Kiosk 1',
      status: 'online',
      firmwareVersion: '2.10.0-rc.1',
      lastSeenAt: '2026-12-07T11:00:00Z',
    }),
  ];
  const ids = (ks: { id: number }[]) => ks.map((k) => k.id);

  it('filters by status locally and keeps registration order by default', () => {
    expect(ids(visibleKiosks(rows, { status: 'online', sort: 'created', dir: 'asc' }))).toEqual([1, 4]);
    expect(ids(visibleKiosks(rows, { status: null, sort: 'created', dir: 'desc' }))).toEqual([4, 3, 2, 1]);
  });

  it('sorts names naturally, status worst first, firmware in semver order, last seen by time', () => {
    expect(ids(visibleKiosks(rows, { status: null, sort: 'name', dir: 'asc' }))).toEqual([4, 3, 2, 1]);
    expect(ids(visibleKiosks(rows, { status: null, sort: 'status', dir: 'asc' }))).toEqual([2, 3, 1, 4]);
    expect(ids(visibleKiosks(rows, { status: null, sort: 'firmware', dir: 'asc' }))).toEqual([2, 4, 1, 3]);
    expect(ids(visibleKiosks(rows, { status: null, sort: 'lastSeen', dir: 'desc' }))).toEqual([4, 1, 3, 2]);
  });

  it('does not reorder the array it was given', () => {
    visibleKiosks(rows, { status: null, sort: 'name', dir: 'asc' });
    expect(ids(rows)).toEqual([1, 2, 3, 4]);
  });

  it('counts kiosks per status', () => {
    expect(countByStatus(rows)).toEqual({
      online: 2,
      stale: 0,
      offline: 1,
      blocked: 1,
      maintenance: 0,
      decommissioned: 0,
    });
  });
});

describe('compareVersions', () => {
  it('orders releases, prereleases, and non-semver versions', () => {
    const sorted = [
      '2.10.0',
      'custom',
      '2.3.0',
      null,
      '2.3.0-rc.2',
      '2.3.0-rc.10',
      '2.3.0-beta',
      '1.9.9',
    ].sort(compareVersions);
    expect(sorted).toEqual([
      '1.9.9',
      '2.3.0-beta',
      '2.3.0-rc.2',
      '2.3.0-rc.10',
      '2.3.0',
      '2.10.0',
      'custom',
      null,
    ]);
  });
});
