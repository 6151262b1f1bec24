import type { Schema, paths } from '@kiosk-fleet/sdk';

export type KioskDto = Schema<'KioskDto'>;
export type KioskStatus = Schema<'KioskStatus'>;

export const KIOSK_STATUSES: readonly KioskStatus[] = [
  'online',
  'stale',
  'offline',
  'blocked',
  'maintenance',
  'decommissioned',
];

export const SORT_KEYS = ['created', 'name', 'serial', 'status', 'lastSeen', 'firmware'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

/** What the kiosk list shows; every field lives in the URL so a filtered view can be shared. */
export interface KioskListFilters {
  status: KioskStatus | null;
  tag: string;
  q: string;
  firmwareVersion: string;
  firmwareBelow: string;
  /** Only kiosks behind their desired remote configuration (`configDrift=true`). */
  configDrift: boolean;
  sort: SortKey;
  dir: SortDir;
}

export const DEFAULT_FILTERS: KioskListFilters = {
  status: null,
  tag: '',
  q: '',
  firmwareVersion: '',
  firmwareBelow: '',
  configDrift: false,
  sort: 'created',
  dir: 'asc',
};

/** Same grammar the API checks for `firmwareBelow` (semver, no `v` prefix). */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

export function isSemver(v: string): boolean {
  return SEMVER.test(v);
}

const isStatus = (v: string | null): v is KioskStatus =>
  v !== null && (KIOSK_STATUSES as string[]).includes(v);
const isSortKey = (v: string | null): v is SortKey =>
  v !== null && (SORT_KEYS as readonly string[]).includes(v);

/** Reads the filters from the URL; anything malformed falls back to the default instead of failing. */
export function filtersFromSearch(params: URLSearchParams): KioskListFilters {
  const status = params.get('status');
  const sort = params.get('sort');
  return {
    status: isStatus(status) ? status : null,
    tag: params.get('tag')?.trim() ?? '',
    q: params.get('q') ?? '',
    firmwareVersion: params.get('firmwareVersion')?.trim() ?? '',
    firmwareBelow: params.get('firmwareBelow')?.trim() ?? '',
    configDrift: params.get('configDrift') === 'true',
    sort: isSortKey(sort) ? sort : DEFAULT_FILTERS.sort,
    dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
  };
}

/** The URL form of the filters: defaults are left out so the plain list has a plain URL. */
export function filtersToSearch(f: KioskListFilters): URLSearchParams {
  const out = new URLSearchParams();
  if (f.status) out.set('status', f.status);
  if (f.tag.trim()) out.set('tag', f.tag.trim());
  if (f.q.trim()) out.set('q', f.q.trim());
  if (f.firmwareVersion.trim()) out.set('firmwareVersion', f.firmwareVersion.trim());
  if (f.firmwareBelow.trim()) out.set('firmwareBelow', f.firmwareBelow.trim());
  if (f.configDrift) out.set('configDrift', 'true');
  if (f.sort !== DEFAULT_FILTERS.sort) out.set('sort', f.sort);
  if (f.dir !== DEFAULT_FILTERS.dir) out.set('dir', f.dir);
  return out;
}

/** The query of GET /kiosks that the filters decide (paging is the loader's, status is ours). */
export type KioskListQuery = Omit<
  NonNullable<paths['/api/v1/kiosks']['get']['parameters']['query']>,
  'limit' | 'cursor' | 'status'
>;

/**
 * The filters the server applies. Status is filtered here, not by the server: the feed moves kiosks
 * between statuses all the time, and a kiosk that turns `offline` must appear in an "offline" view
 * that was loaded before it changed. Sorting is ours too (the API lists in registration order).
 * An invalid `firmwareBelow` is not sent (the API would answer 400); the form reports it instead.
 */
export function serverQuery(f: KioskListFilters): KioskListQuery {
  const q: KioskListQuery = {};
  if (f.tag.trim()) q.tag = f.tag.trim();
  if (f.q.trim()) q.q = f.q.trim();
  if (f.firmwareVersion.trim()) q.firmwareVersion = f.firmwareVersion.trim();
  if (isSemver(f.firmwareBelow.trim())) q.firmwareBelow = f.firmwareBelow.trim();
  if (f.configDrift) q.configDrift = true;
  return q;
}

/** Worst first: what an operator must look at comes to the top of a status sort. */
const STATUS_RANK: Record<KioskStatus, number> = {
  blocked: 0,
  offline: 1,
  stale: 2,
  maintenance: 3,
  online: 4,
  decommissioned: 5,
};

type Prerelease = (string | number)[];
function parseSemver(v: string): { core: [number, number, number]; pre: Prerelease } | null {
  const m = SEMVER.exec(v);
  if (!m) return null;
  const pre = m[4] ? m[4].split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [];
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre };
}

/** Semver order (a prerelease sorts before its release); non-semver versions after all semver ones, as text. */
export function compareVersions(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const pa = parseSemver(a);
  const pb = parseSemver(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a.localeCompare(b);
  for (let i = 0; i < 3; i++) if (pa.core[i] !== pb.core[i]) return pa.core[i] - pb.core[i];
  if (!pa.pre.length || !pb.pre.length) return pb.pre.length - pa.pre.length;
  for (let i = 0; i < Math.max(pa.pre.length, pb.pre.length); i++) {
    const x = pa.pre[i];
    const y = pb.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const time = (iso: string | null) => (iso ? Date.parse(iso) : Number.NEGATIVE_INFINITY);

export function compareBy(key: SortKey, a: KioskDto, b: KioskDto): number {
  switch (key) {
    case 'name':
      return collator.compare(a.name, b.name);
    case 'serial':
      return collator.compare(a.serial, b.serial);
    case 'status':
      return STATUS_RANK[a.status] - STATUS_RANK[b.status];
    case 'lastSeen':
      return time(a.lastSeenAt) - time(b.lastSeenAt);
    case 'firmware':
      return compareVersions(a.firmwareVersion, b.firmwareVersion);
    case 'created':
      return 0;
  }
}

/**
 * The rows to show: the loaded kiosks with the status filter applied, sorted. Ties keep the server's
 * registration order (Array.prototype.sort is stable), so rows do not jump between identical keys.
 */
export function visibleKiosks(
  all: readonly KioskDto[],
  f: Pick<KioskListFilters, 'status' | 'sort' | 'dir'>,
): KioskDto[] {
  const rows = f.status ? all.filter((k) => k.status === f.status) : all.slice();
  if (f.sort === 'created') return f.dir === 'desc' ? rows.reverse() : rows;
  const sign = f.dir === 'desc' ? -1 : 1;
  return rows.sort((a, b) => sign * compareBy(f.sort, a, b));
}

/** How many loaded kiosks are in each status (the counts on the status filter chips). */
export function countByStatus(all: readonly KioskDto[]): Record<KioskStatus, number> {
  const out = Object.fromEntries(KIOSK_STATUSES.map((s) => [s, 0])) as Record<KioskStatus, number>;
  for (const k of all) out[k.status] += 1;
  return out;
}
