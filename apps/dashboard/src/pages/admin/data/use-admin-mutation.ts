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
