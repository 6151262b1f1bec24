import { alert } from '../../feed/test-fixtures';
import type { Alert } from './live-merge';

/**
 * For this folder's tests: the feed's open, major threshold alert with every field the inbox reads,
 * first and last seen at 10:`minute` UTC on 2026-11-25 (so `minute` orders alerts), nothing
 * acknowledged or resolved. The id is made from `minute` unless `over` gives one.
 */
export function alertAt(minute: number, over: Partial<Alert> = {}): Alert {
  const at = new Date(Date.UTC(2026, 10, 25, 10, minute)).toISOString();
  return alert(`00000000-0000-4000-8000-${String(minute).padStart(12, '0')}`, {
    title: `Overheat at ${minute}`,
    firstSeenAt: at,
    lastSeenAt: at,
    acknowledgedBy: null,
    acknowledgedAt: null,
    resolvedBy: null,
    resolvedAt: null,
    falsePositive: null,
    explanation: null,
    incidentId: null,
    ...over,
  });
}
