import type { Schema } from '@kiosk-fleet/sdk';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useApi } from '../../api';
import { registerFeedMerger, type FeedBatch } from '../../feed';
import type { Settings } from './settings-json';

export type KioskConfig = Schema<'KioskConfigDto'>;
export type TagConfig = Schema<'TagConfigDto'>;

/** Under the kiosk's own key (`['kiosks', id]`), so whatever refreshes the kiosk refreshes this too. */
export const configKeys = {
  kiosk: (id: number) => ['kiosks', id, 'config'] as const,
  kioskResource: (id: number) => ['kiosks', id] as const,
  kioskLists: ['kiosks', 'list'] as const,
  tag: (tag: string) => ['kiosk-configs', 'tags', tag] as const,
};

/** A kiosk's desired and applied versions, merged settings, own settings and the configure on its way. */
export function useKioskConfig(id: number) {
  const api = useApi();
  return useQuery({
    queryKey: configKeys.kiosk(id),
    queryFn: ({ signal }) => api.GET('/api/v1/kiosks/{id}/config', { params: { path: { id } }, signal }),
  });
}

/** Replaces the kiosk's own settings; the kiosk resource and the lists carry the new desired version. */
export function useSetKioskConfig(id: number) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (settings: Settings) =>
      api.PUT('/api/v1/kiosks/{id}/config', { params: { path: { id } }, body: { settings } }),
    onSuccess: (config) => {
      qc.setQueryData(configKeys.kiosk(id), config);
      void qc.invalidateQueries({ queryKey: configKeys.kioskResource(id), exact: true });
      void qc.invalidateQueries({ queryKey: configKeys.kioskLists });
    },
  });
}

/** A tag's settings; a tag with none set is a 404, shown as an empty editor rather than an error. */
export function useTagConfig(tag: string) {
  const api = useApi();
  return useQuery({
    queryKey: configKeys.tag(tag),
    enabled: tag !== '',
    queryFn: ({ signal }) =>
      api.GET('/api/v1/kiosk-configs/tags/{tag}', { params: { path: { tag } }, signal }),
  });
}

export function useSetTagConfig() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ tag, settings }: { tag: string; settings: Settings }) =>
      api.PUT('/api/v1/kiosk-configs/tags/{tag}', { params: { path: { tag } }, body: { settings } }),
    onSuccess: (config) => {
      qc.setQueryData(configKeys.tag(config.tag), config);
      // Every kiosk with the tag may have a new desired version.
      void qc.invalidateQueries({ queryKey: ['kiosks'] });
    },
  });
}

/**
 * A `configure` command that moved (sent, acked, failed) changes what its kiosk has applied: the
 * kiosk's configuration, if shown, is read again, and so is the kiosk (its `config` versions).
 */
export function configFeedMerger(qc: QueryClient, batch: FeedBatch): void {
  const kiosks = new Set(batch.commands.filter((c) => c.command === 'configure').map((c) => c.kioskId));
  for (const id of kiosks) {
    if (qc.getQueryData(configKeys.kiosk(id)) === undefined) continue;
    void qc.invalidateQueries({ queryKey: configKeys.kiosk(id), exact: true });
    void qc.invalidateQueries({ queryKey: configKeys.kioskResource(id), exact: true });
  }
}

registerFeedMerger(configFeedMerger);
