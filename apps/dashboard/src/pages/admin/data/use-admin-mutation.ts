import type { KioskFleetClient } from '@kiosk-fleet/sdk';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useApi } from '../../../api/ApiProvider';

/** A write through the typed client that refreshes the list(s) it changed once it succeeds. */
export function useAdminMutation<TVars, TResult>(
  call: (api: KioskFleetClient, vars: TVars) => Promise<TResult>,
  invalidates: QueryKey,
) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vars: TVars) => call(api, vars),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invalidates }),
  });
}

/**
 * The submit of a dialog that creates a resource (`existing` absent) or edits one: a create, or a
 * PATCH of only what changed — nothing is sent when nothing did. Resolves to what the create
 * answered (e.g. a one-time secret), null after an edit; both refresh `invalidates`.
 */
export function useAdminSave<T extends { id: string }, V, C, U extends object, R>(opts: {
  existing: T | undefined;
  create: (api: KioskFleetClient, body: C) => Promise<R>;
  update: (api: KioskFleetClient, id: string, body: U) => Promise<unknown>;
  createBody: (values: V) => C;
  updateBody: (existing: T, values: V) => U;
  invalidates: QueryKey;
}): (values: V) => Promise<R | null> {
  const create = useAdminMutation(opts.create, opts.invalidates);
  const update = useAdminMutation(
    (api, vars: { id: string; body: U }) => opts.update(api, vars.id, vars.body),
    opts.invalidates,
  );
  return async (values) => {
    if (!opts.existing) return create.mutateAsync(opts.createBody(values));
    const body = opts.updateBody(opts.existing, values);
    if (Object.keys(body).length > 0) await update.mutateAsync({ id: opts.existing.id, body });
    return null;
  };
}
