import type { KioskFleetClient } from '@kiosk-fleet/sdk';
import { createContext, useContext, type ReactNode } from 'react';
import type { DashboardSession } from './session';

const SessionContext = createContext<DashboardSession | null>(null);

export function ApiProvider({ session, children }: { session: DashboardSession; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): DashboardSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <ApiProvider>');
  return session;
}

/**
 * The typed API client (`@kiosk-fleet/sdk`) for this session: `useApi().GET('/api/v1/kiosks', …)`.
 * Tokens, refresh on 401 and re-authentication are handled inside; use it in TanStack Query
 * `queryFn`s and mutations.
 */
export function useApi(): KioskFleetClient {
  return useSession().api;
}
