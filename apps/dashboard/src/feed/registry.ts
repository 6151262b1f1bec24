import { notifyManager, type QueryClient } from '@tanstack/react-query';
import type { FeedBatch } from './events';

/** Writes one frame's feed events into the query cache entries its area owns. */
export type FeedMerger = (queryClient: QueryClient, batch: FeedBatch) => void;

const mergers = new Set<FeedMerger>();

/**
 * Adds an area's merger. Call it at module level of the area's queries file: it runs when the area's
 * lazy page chunk loads, which is also when its cache entries can first exist. Returns the removal.
 */
export function registerFeedMerger(merger: FeedMerger): () => void {
  mergers.add(merger);
  return () => mergers.delete(merger);
}

/** The mergers registered so far (areas whose chunk has loaded). */
export function registeredMergers(): FeedMerger[] {
  return [...mergers];
}

/**
 * Applies one batch through every merger, inside one TanStack notification batch so observers
 * re-render once for the whole frame. One merger failing (a bug in an area) does not stop the others.
 */
export function applyFeedBatch(
  queryClient: QueryClient,
  batch: FeedBatch,
  list: Iterable<FeedMerger> = mergers,
  onError: (e: unknown) => void = reportMergeError,
): void {
  notifyManager.batch(() => {
    for (const merge of list) {
      try {
        merge(queryClient, batch);
      } catch (e) {
        onError(e);
      }
    }
  });
}

function reportMergeError(e: unknown): void {
  // Surfaced in the console for developers; the page keeps its last good data.
  // eslint-disable-next-line no-console
  console.error('feed merge failed', e);
}
