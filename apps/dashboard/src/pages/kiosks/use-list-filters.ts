import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { filtersFromSearch, filtersToSearch, type KioskListFilters } from './kiosk-filters';

/**
 * The list's filters, read from and written to the URL: a filtered view survives a reload and can be
 * shared as a link. Changes replace the history entry (typing in the search box is not a page visit).
 */
export function useListFilters(): [KioskListFilters, (patch: Partial<KioskListFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(params), [params]);
  const update = useCallback(
    (patch: Partial<KioskListFilters>) =>
      setParams((current) => filtersToSearch({ ...filtersFromSearch(current), ...patch }), { replace: true }),
    [setParams],
  );
  return [filters, update];
}
