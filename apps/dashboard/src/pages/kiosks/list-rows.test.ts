import { describe, expect, it } from 'vitest';
import { kiosk } from './fixtures';
import { visibleKiosks, type KioskDto, type KioskListFilters, type KioskStatus } from './kiosk-filters';
import { mergeStatusIntoPages } from './live-merge';
import { buildRowModel, updateRowModel, type RowWork } from './list-rows';

type View = Pick<KioskListFilters, 'status' | 'sort' | 'dir'>;
type Page = { items: KioskDto[] };

const STATUSES: KioskStatus[] = ['online', 'stale', 'offline', 'blocked', 'maintenance'];

/** A fleet in pages of 200 with names out of registration order and a mix of statuses. */
function fleet(n: number): Page[] {
  const pages: Page[] = [];
  for (let i = 0; i < n; i += 200) {
    const items: KioskDto[] = [];
    for (let id = i + 1; id <= Math.min(n, i + 200); id++)
      items.push(
        kiosk(id, {
          name: `Kiosk ${(id * 7919) % n}`,
          status: STATUSES[id % STATUSES.length],
          lastSeenAt: new Date(Date.UTC(2026, 11, 7, 0, 0, id % 600)).toISOString(),
        }),
      );
    pages.push({ items });
  }
  return pages;
}

const ids = (rows: readonly KioskDto[]) => rows.map((k) => k.id);
const work = (): RowWork => ({ comparisons: 0, touched: 0 });
const status = (kioskId: number, s: KioskStatus) => ({
  kioskId,
  status: s,
  connected: s !== 'offline',
  reporting: s === 'online',
  peripheralsOk: true,
  canSell: 'full' as const,
  at: '2026-12-07T10:00:00.000Z',
});

describe('updateRowModel', () => {
  const views: View[] = [
    { status: null, sort: 'created', dir: 'asc' },
    { status: null, sort: 'name', dir: 'asc' },
    { status: null, sort: 'status', dir: 'desc' },
    { status: 'offline', sort: 'lastSeen', dir: 'asc' },
    { status: 'online', sort: 'created', dir: 'desc' },
  ];

  it.each(views)('gives the rows a full filter and sort would give (%o) after feed batches', (view) => {
    let pages = fleet(1_000);
    let model = buildRowModel(pages, '', view);
    expect(ids(model.rows)).toEqual(
      ids(
        visibleKiosks(
          pages.flatMap((p) => p.items),
          view,
        ),
      ),
    );
    const batches = [
      [status(3, 'offline'), status(250, 'online'), status(999, 'blocked')],
      [status(3, 'online'), status(4, 'offline'), status(500, 'maintenance'), status(10, 'stale')],
      [status(250, 'offline'), status(1, 'blocked')],
    ];
    for (const batch of batches) {
      pages = mergeStatusIntoPages(pages, batch);
      model = updateRowModel(model, pages, '', view);
      const all = pages.flatMap((p) => p.items);
      expect(ids(model.rows)).toEqual(ids(visibleKiosks(all, view)));
      const expected = Object.fromEntries(
        [...STATUSES, 'decommissioned'].map((s) => [s, all.filter((k) => k.status === s).length]),
      );
      expect(model.counts).toEqual(expected);
    }
  });

  it('applies a batch to 10,000 rows with work in proportion to the batch, not the fleet', () => {
    const view: View = { status: null, sort: 'name', dir: 'asc' };
    const pages = fleet(10_000);
    const model = buildRowModel(pages, '', view);
    // Three kiosks change status under a name sort: their key did not change, so no row moves.
    const next = mergeStatusIntoPages(pages, [
      status(17, 'blocked'),
      status(4241, 'offline'),
      status(9999, 'online'),
    ]);
    const w = work();
    const updated = updateRowModel(model, next, '', view, w);
    expect(w.touched).toBe(3);
    // Finding each row: one binary search (log2 10,000 ≈ 14) and one comparison, per kiosk.
    expect(w.comparisons).toBeLessThanOrEqual(3 * 16);
    const moved = updated.rows.filter((k, i) => k !== model.rows[i]);
    expect(ids(moved).sort((a, b) => a - b)).toEqual([17, 4241, 9999]);
    expect(updated.rows.find((k) => k.id === 4241)?.status).toBe('offline');
  });

  it('re-positions only the changed rows when the sort key is the status', () => {
    const view: View = { status: null, sort: 'status', dir: 'asc' };
    const pages = fleet(10_000);
    const model = buildRowModel(pages, '', view);
    const next = mergeStatusIntoPages(pages, [status(5, 'blocked'), status(6, 'online')]);
    const w = work();
    const updated = updateRowModel(model, next, '', view, w);
    // Each changed row: found, taken out, put back by binary search (three searches at most).
    expect(w.touched).toBe(4);
    expect(w.comparisons).toBeLessThanOrEqual(2 * (3 * 15 + 1));
    expect(ids(updated.rows)).toEqual(
      ids(
        visibleKiosks(
          next.flatMap((p) => p.items),
          view,
        ),
      ),
    );
  });

  it('shows a kiosk entering the filtered status and hides one leaving it', () => {
    const view: View = { status: 'offline', sort: 'created', dir: 'asc' };
    const pages = fleet(1_000);
    const model = buildRowModel(pages, '', view);
    const leaving = model.rows[0].id;
    const entering = pages[0].items.find((k) => k.status === 'online')!.id;
    const next = mergeStatusIntoPages(pages, [status(leaving, 'online'), status(entering, 'offline')]);
    const updated = updateRowModel(model, next, '', view);
    expect(ids(updated.rows)).not.toContain(leaving);
    expect(ids(updated.rows)).toContain(entering);
    expect(updated.rows.length).toBe(model.rows.length);
  });

  it('inserts a newly loaded page without sorting the rows already there', () => {
    const view: View = { status: null, sort: 'name', dir: 'desc' };
    const all = fleet(2_000);
    const model = buildRowModel(all.slice(0, 9), '', view);
    const w = work();
    const updated = updateRowModel(model, all, '', view, w);
    expect(ids(updated.rows)).toEqual(
      ids(
        visibleKiosks(
          all.flatMap((p) => p.items),
          view,
        ),
      ),
    );
    expect(w.touched).toBe(200);
    // 200 binary searches over at most 2,000 rows (≤ 11 comparisons each); a sort would do ~20,000.
    expect(w.comparisons).toBeLessThanOrEqual(200 * 12);
    expect(updated.total).toBe(2_000);
  });

  it('sorts once when more kiosks arrive than were loaded (a cached list shown at once)', () => {
    const view: View = { status: null, sort: 'name', dir: 'asc' };
    const all = fleet(2_000);
    const empty = buildRowModel([], '', view);
    const w = work();
    const model = updateRowModel(empty, all, '', view, w);
    expect(ids(model.rows)).toEqual(
      ids(
        visibleKiosks(
          all.flatMap((p) => p.items),
          view,
        ),
      ),
    );
    expect(w.touched).toBe(2_000);
    expect(model.total).toBe(2_000);
  });

  it('keeps the model when nothing changed and starts over for a new view or other server filters', () => {
    const view: View = { status: null, sort: 'serial', dir: 'asc' };
    const pages = fleet(400);
    const model = buildRowModel(pages, 'a', view);
    expect(updateRowModel(model, pages, 'a', view)).toBe(model);
    const resorted = updateRowModel(model, pages, 'a', { ...view, dir: 'desc' });
    expect(ids(resorted.rows)).toEqual(ids(model.rows).reverse());
    const other = fleet(200);
    expect(ids(updateRowModel(model, other, 'b', view).rows)).toEqual(
      ids(visibleKiosks(other[0].items, view)),
    );
  });
});
