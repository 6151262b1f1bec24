import {
  compareBy,
  KIOSK_STATUSES,
  type KioskDto,
  type KioskListFilters,
  type KioskStatus,
  type SortKey,
} from './kiosk-filters';

/**
 * The kiosk list's rows (status filter and sort applied) kept up to date incrementally. A feed batch
 * changes a few kiosks of 10,000: re-filtering and re-sorting the whole list for it blocked the main
 * thread for up to 300 ms at 2,000 events/s. Here a changed kiosk whose sort key and filter match did
 * not change is replaced where it stands; one that did is taken out and put back by binary search;
 * a newly loaded page is inserted the same way. Unchanged rows keep their identity, so the
 * virtualised table re-renders only the rows that changed.
 */

type Page = { readonly items: readonly KioskDto[] };
type View = Pick<KioskListFilters, 'status' | 'sort' | 'dir'>;

export interface RowModel {
  /** The pages the rows were computed from (compared by identity with the next ones). */
  pages: readonly Page[];
  /** What the pages were read for (the server-side filters): other pages mean other kiosks. */
  source: string;
  view: View;
  /**
   * Registration (server) order of every loaded kiosk: the tie-break that keeps rows with equal keys
   * from jumping. Only ever grows (pages are appended), so a later model may share it.
   */
  order: Map<number, number>;
  rows: KioskDto[];
  /** Loaded kiosks by status (the status chips), whatever the status filter. */
  counts: Record<KioskStatus, number>;
  /** Loaded kiosks. */
  total: number;
}

/** What an update cost: comparisons made and rows written, for tests to bound the work. */
export interface RowWork {
  comparisons: number;
  touched: number;
}

function comparator(view: View, order: Map<number, number>, work?: RowWork) {
  const sign = view.dir === 'desc' ? -1 : 1;
  const pos = (k: KioskDto) => order.get(k.id) ?? Number.MAX_SAFE_INTEGER;
  // `created` is the server's order itself; any other key falls back on it (ascending) for ties,
  // as a stable sort of the server's list would.
  if (view.sort === 'created')
    return (a: KioskDto, b: KioskDto) => {
      if (work) work.comparisons++;
      return sign * (pos(a) - pos(b));
    };
  const key: SortKey = view.sort;
  return (a: KioskDto, b: KioskDto) => {
    if (work) work.comparisons++;
    return sign * compareBy(key, a, b) || pos(a) - pos(b);
  };
}

/** First index whose row does not sort before `k`. */
function lowerBound(rows: readonly KioskDto[], k: KioskDto, cmp: (a: KioskDto, b: KioskDto) => number) {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(rows[mid], k) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const zeroCounts = () => Object.fromEntries(KIOSK_STATUSES.map((s) => [s, 0])) as Record<KioskStatus, number>;

/** The rows computed from scratch: on first load, a new view or new server filters. */
export function buildRowModel(pages: readonly Page[], source: string, view: View, work?: RowWork): RowModel {
  const order = new Map<number, number>();
  const counts = zeroCounts();
  const rows: KioskDto[] = [];
  for (const page of pages)
    for (const k of page.items) {
      order.set(k.id, order.size);
      counts[k.status]++;
      if (!view.status || k.status === view.status) rows.push(k);
    }
  rows.sort(comparator(view, order, work));
  if (work) work.touched += rows.length;
  return { pages, source, view: { ...view }, order, rows, counts, total: order.size };
}

const sameView = (a: View, b: View) => a.status === b.status && a.sort === b.sort && a.dir === b.dir;

/**
 * The model after the pages or the view changed. Pages that kept their identity are skipped; in a
 * changed page only the kiosks whose object changed are looked at (the feed replaces just those);
 * pages past the previous ones are new kiosks. Anything else (a refetch that reordered, fewer pages)
 * is computed from scratch.
 */
export function updateRowModel(
  prev: RowModel | null,
  pages: readonly Page[],
  source: string,
  view: View,
  work?: RowWork,
): RowModel {
  if (!prev || prev.source !== source || !sameView(prev.view, view) || pages.length < prev.pages.length)
    return buildRowModel(pages, source, view, work);
  if (pages === prev.pages) return prev;

  const changed: Array<[KioskDto, KioskDto]> = [];
  const added: KioskDto[] = [];
  for (let i = 0; i < pages.length; i++) {
    const page = pages[i];
    const before = prev.pages[i];
    if (page === before) continue;
    if (!before) {
      added.push(...page.items);
      continue;
    }
    if (page.items.length !== before.items.length) return buildRowModel(pages, source, view, work);
    for (let j = 0; j < page.items.length; j++) {
      const a = before.items[j];
      const b = page.items[j];
      if (a === b) continue;
      if (a.id !== b.id) return buildRowModel(pages, source, view, work);
      changed.push([a, b]);
    }
  }
  if (changed.length === 0 && added.length === 0) return { ...prev, pages };
  // More new kiosks than loaded ones (a cached list shown at once): one sort beats many insertions.
  if (added.length > prev.total) return buildRowModel(pages, source, view, work);

  const { order } = prev;
  const cmp = comparator(view, order, work);
  const shows = (k: KioskDto) => !view.status || k.status === view.status;
  const rows = prev.rows.slice();
  const counts = { ...prev.counts };
  for (const [a, b] of changed) {
    counts[a.status]--;
    counts[b.status]++;
    const wasShown = shows(a);
    const isShown = shows(b);
    if (wasShown) {
      const at = lowerBound(rows, a, cmp);
      // The old row must be where its own key puts it; if not, the list was not what we think.
      if (rows[at]?.id !== a.id) return buildRowModel(pages, source, view, work);
      if (isShown && cmp(a, b) === 0) {
        rows[at] = b; // same place: nothing moves
        if (work) work.touched++;
        continue;
      }
      rows.splice(at, 1);
      if (work) work.touched++;
    }
    if (isShown) {
      rows.splice(lowerBound(rows, b, cmp), 0, b);
      if (work) work.touched++;
    }
  }
  for (const k of added) {
    // A kiosk already loaded (a page boundary that moved under a refetch): start over.
    if (order.has(k.id)) return buildRowModel(pages, source, view, work);
    order.set(k.id, order.size);
    counts[k.status]++;
    if (!shows(k)) continue;
    rows.splice(lowerBound(rows, k, cmp), 0, k);
    if (work) work.touched++;
  }
  return { pages, source, view: prev.view, order, rows, counts, total: order.size };
}
