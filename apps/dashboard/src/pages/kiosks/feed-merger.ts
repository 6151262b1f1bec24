import type { QueryClient } from '@tanstack/react-query';
import type { FeedBatch, FeedMerger } from '../../feed';
import type { KioskDto } from './kiosk-filters';
import {
  mergeCommandEvent,
  mergeCommandEventIntoList,
  mergeReadingIntoState,
  mergeStatusIntoKiosk,
  mergeStatusIntoPages,
  mergeStatusIntoState,
  type CommandDto,
  type FeedReading,
  type KioskStateDto,
} from './live-merge';
import { kioskKeys, LIVE_MAX_POINTS, type KioskListData } from './query-keys';
import { appendReading } from './telemetry-series';

function mergeStatuses(qc: QueryClient, batch: FeedBatch) {
  if (!batch.kioskStatus.length) return;
  qc.setQueriesData<KioskListData>({ queryKey: kioskKeys.lists() }, (data) => {
    if (!data) return data;
    const pages = mergeStatusIntoPages(data.pages, batch.kioskStatus);
    return pages === data.pages ? data : { ...data, pages };
  });
  for (const ev of batch.kioskStatus) {
    qc.setQueryData<KioskDto>(kioskKeys.kiosk(ev.kioskId), (k) => k && mergeStatusIntoKiosk(k, ev));
    qc.setQueryData<KioskStateDto>(kioskKeys.state(ev.kioskId), (s) => s && mergeStatusIntoState(s, ev));
  }
}

function mergeTelemetry(qc: QueryClient, batch: FeedBatch) {
  for (const { kioskId, reading } of batch.telemetry) {
    qc.setQueryData<KioskStateDto>(kioskKeys.state(kioskId), (s) => s && mergeReadingIntoState(s, reading));
    qc.setQueryData<FeedReading[]>(
      kioskKeys.liveReadings(kioskId),
      (buf) => buf && appendReading(buf, reading, LIVE_MAX_POINTS),
    );
  }
}

function mergeCommands(qc: QueryClient, batch: FeedBatch) {
  for (const ev of batch.commands) {
    const key = kioskKeys.commands(ev.kioskId);
    const list = qc.getQueryData<CommandDto[]>(key);
    if (list) {
      const merged = mergeCommandEventIntoList(list, ev);
      // A command issued elsewhere (another tab, a bulk request): read the list again to get it whole.
      if (merged.known) qc.setQueryData(key, merged.items);
      else void qc.invalidateQueries({ queryKey: key, exact: true });
    }
    qc.setQueryData<CommandDto>(kioskKeys.command(ev.id), (c) => c && mergeCommandEvent(c, ev));
  }
}

/** New or changed alerts and payments of a kiosk whose page is open: its short lists are read again. */
function refreshActivity(qc: QueryClient, batch: FeedBatch) {
  const kiosks = (items: { kioskId: number | null }[]) =>
    new Set(items.flatMap((i) => (i.kioskId === null ? [] : [i.kioskId])));
  for (const id of kiosks(batch.alerts))
    void qc.invalidateQueries({ queryKey: kioskKeys.alerts(id), exact: true });
  for (const id of kiosks(batch.payments))
    void qc.invalidateQueries({ queryKey: kioskKeys.payments(id), exact: true });
}

/** The kiosks area's share of each feed frame: list rows, kiosk pages, live charts, commands. */
export const kiosksFeedMerger: FeedMerger = (qc, batch) => {
  mergeStatuses(qc, batch);
  mergeTelemetry(qc, batch);
  mergeCommands(qc, batch);
  refreshActivity(qc, batch);
};
