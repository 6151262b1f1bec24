import type { Schema } from '@kiosk-fleet/sdk';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useApi } from '../../api';
import { updateCachedLists, useCursorList } from '../../api/cursor-list';
import { registerFeedMerger, type FeedBatch, type RolloutUpdatedEvent } from '../../feed';

export type Rollout = Schema<'RolloutDto'>;
export type RolloutStatus = Schema<'RolloutStatus'>;
export type RolloutWave = Schema<'RolloutWaveDto'>;
export type CreateRolloutBody = Schema<'CreateRolloutDto'>;
/** The status changes the API offers (`POST /rollouts/{id}/<action>`). */
export type RolloutAction = 'start' | 'pause' | 'resume' | 'cancel';

interface RolloutPage {
  items: Rollout[];
  nextCursor?: string | null;
}

export const rolloutKeys = {
  lists: ['rollouts', 'list'] as const,
  list: () => ['rollouts', 'list', {}] as const,
  rollout: (id: string) => ['rollouts', 'one', id] as const,
};

/** Which actions a rollout in `status` accepts (anything else the API answers 422). */
export function actionsFor(status: RolloutStatus): RolloutAction[] {
  switch (status) {
    case 'draft':
      return ['start', 'cancel'];
    case 'running':
      return ['pause', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    default:
      return [];
  }
}

/** Rollouts newest first, a page at a time. */
export function useRolloutList() {
  const api = useApi();
  return useCursorList<RolloutPage>(rolloutKeys.list(), (page, signal) =>
    api.GET('/api/v1/rollouts', { params: { query: page }, signal }),
  );
}

/** How often a running rollout is re-read for what holds it. */
const HOLD_POLL_MS = 15_000;

/**
 * One rollout. For admins the feed's `rollout_updated` brings status and wave progress at once (the
 * merger below); operators get no rollout events. Neither learns from the feed what holds the next
 * wave: the engine changes `heldBy` (a wave finished → `wait` → a guard) without an event, so a
 * running rollout is re-read every 15 s whoever looks at it.
 */
export function useRollout(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: rolloutKeys.rollout(id),
    queryFn: ({ signal }) => api.GET('/api/v1/rollouts/{id}', { params: { path: { id } }, signal }),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? HOLD_POLL_MS : false),
  });
}

function callAction(api: ReturnType<typeof useApi>, id: string, action: RolloutAction): Promise<Rollout> {
  const init = { params: { path: { id } } };
  switch (action) {
    case 'start':
      return api.POST('/api/v1/rollouts/{id}/start', init);
    case 'pause':
      return api.POST('/api/v1/rollouts/{id}/pause', init);
    case 'resume':
      return api.POST('/api/v1/rollouts/{id}/resume', init);
    case 'cancel':
      return api.POST('/api/v1/rollouts/{id}/cancel', init);
  }
}

/** Writes a rollout the API answered into its own entry and into every loaded list. */
function storeRollout(qc: QueryClient, rollout: Rollout) {
  qc.setQueryData(rolloutKeys.rollout(rollout.id), rollout);
  updateCachedLists<RolloutPage, unknown>(qc, rolloutKeys.lists, (pages) => {
    let changed = false;
    const next = pages.map((p) => {
      if (!p.items.some((r) => r.id === rollout.id)) return p;
      changed = true;
      return { ...p, items: p.items.map((r) => (r.id === rollout.id ? rollout : r)) };
    });
    return changed ? next : pages;
  });
}

export function useRolloutAction() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: RolloutAction }) => callAction(api, id, action),
    onSuccess: (rollout) => storeRollout(qc, rollout),
  });
}

export function useCreateRollout() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateRolloutBody) => api.POST('/api/v1/rollouts', { body }),
    onSuccess: (rollout) => {
      qc.setQueryData(rolloutKeys.rollout(rollout.id), rollout);
      return qc.invalidateQueries({ queryKey: rolloutKeys.lists });
    },
  });
}

/** A rollout with what a feed event says of it (the event carries no `heldBy`: the re-read brings it). */
export function withEvent(rollout: Rollout, ev: RolloutUpdatedEvent): Rollout {
  return {
    ...rollout,
    status: ev.status,
    currentWave: ev.currentWave,
    waves: ev.waves,
    reason: ev.reason,
    heldBy: ev.status === 'running' ? rollout.heldBy : null,
  };
}

/**
 * `rollout_updated`: the rows and the shown rollout take the new status and wave counts at once; the
 * shown one is then re-read for what the event lacks (what holds it). A rollout no loaded list has
 * yet (created by someone else) makes the lists re-read.
 */
export function rolloutsFeedMerger(qc: QueryClient, batch: FeedBatch): void {
  if (!batch.rollouts.length) return;
  const byId = new Map(batch.rollouts.map((ev) => [ev.id, ev]));
  const seen = new Set<string>();
  updateCachedLists<RolloutPage, unknown>(qc, rolloutKeys.lists, (pages) => {
    let changed = false;
    const next = pages.map((p) => {
      if (!p.items.some((r) => byId.has(r.id))) return p;
      changed = true;
      return {
        ...p,
        items: p.items.map((r) => {
          const ev = byId.get(r.id);
          if (!ev) return r;
          seen.add(r.id);
          return withEvent(r, ev);
        }),
      };
    });
    return changed ? next : pages;
  });
  for (const ev of batch.rollouts) {
    const key = rolloutKeys.rollout(ev.id);
    if (qc.getQueryData(key)) {
      qc.setQueryData<Rollout>(key, (r) => r && withEvent(r, ev));
      void qc.invalidateQueries({ queryKey: key, exact: true });
    }
  }
  if ([...byId.keys()].some((id) => !seen.has(id))) {
    void qc.invalidateQueries({ queryKey: rolloutKeys.lists });
  }
}

// Runs when the rollouts chunk first loads: from then on the feed keeps this area's cache live.
registerFeedMerger(rolloutsFeedMerger);
