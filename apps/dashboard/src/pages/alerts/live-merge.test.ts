import { describe, expect, it } from 'vitest';
import { mergeAlertsIntoPages, type Alert, type AlertPage } from './live-merge';
import { alertAt } from './test-fixtures';

let n = 0;
// a new id for each, whatever its minute
function alert(minute: number, over: Partial<Alert> = {}): Alert {
  n += 1;
  return alertAt(minute, { id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, ...over });
}

const titles = (pages: AlertPage[]) => pages.map((p) => p.items.map((a) => a.title));

describe('mergeAlertsIntoPages', () => {
  it('puts a raised alert where the server lists it (newest first) and leaves other pages untouched', () => {
    const pages: AlertPage[] = [
      { items: [alert(30), alert(20)], nextCursor: 'c1' },
      { items: [alert(10)], nextCursor: null },
    ];
    const out = mergeAlertsIntoPages(pages, [alert(40), alert(25)], {});
    expect(titles(out)).toEqual([
      ['Overheat at 40', 'Overheat at 30', 'Overheat at 25', 'Overheat at 20'],
      ['Overheat at 10'],
    ]);
    expect(out[1]).toBe(pages[1]);
  });

  it('replaces an updated alert in place, and drops it when it leaves the filter', () => {
    const open = alert(30);
    const other = alert(20);
    const pages: AlertPage[] = [{ items: [open, other], nextCursor: null }];
    const acked = { ...open, status: 'acknowledged' as const, acknowledgedAt: '2026-11-25T10:31:00.000Z' };

    const all = mergeAlertsIntoPages(pages, [acked], {});
    expect(all[0].items).toEqual([acked, other]);

    const onlyOpen = mergeAlertsIntoPages(pages, [acked], { status: 'open' });
    expect(onlyOpen[0].items).toEqual([other]);
  });

  it('ignores alerts outside the filter (another kiosk, another severity)', () => {
    const pages: AlertPage[] = [{ items: [alert(30)], nextCursor: null }];
    const out = mergeAlertsIntoPages(pages, [alert(40, { kioskId: 2 }), alert(41, { severity: 'info' })], {
      kioskId: 1,
      severity: 'major',
    });
    expect(out).toBe(pages);
  });

  it('does not insert an alert older than everything loaded while more pages remain (paging brings it)', () => {
    const pages: AlertPage[] = [{ items: [alert(30), alert(20)], nextCursor: 'c1' }];
    expect(mergeAlertsIntoPages(pages, [alert(5)], {})).toBe(pages);
    const complete: AlertPage[] = [{ items: [alert(30)], nextCursor: null }];
    expect(titles(mergeAlertsIntoPages(complete, [alert(5)], {}))).toEqual([
      ['Overheat at 30', 'Overheat at 5'],
    ]);
  });

  it('applies the last payload of an alert within a batch, raised then updated, once', () => {
    const pages: AlertPage[] = [{ items: [], nextCursor: null }];
    const raised = alert(40);
    const resolved = { ...raised, status: 'resolved' as const, falsePositive: true };
    const out = mergeAlertsIntoPages(pages, [raised, resolved], {});
    expect(out[0].items).toEqual([resolved]);
    expect(mergeAlertsIntoPages(out, [resolved], {})[0].items).toEqual([resolved]);
  });
});
