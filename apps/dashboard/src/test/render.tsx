import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { ApiProvider } from '../api/ApiProvider';
import type { DashboardSession } from '../api/session';
import { AuthProvider } from '../auth/AuthProvider';

/** Renders `ui` inside the providers the app gives every page (query cache, session, auth, router). */
export function renderWithSession(ui: ReactNode, session: DashboardSession, { route = '/' } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return {
    queryClient,
    ...render(
      <QueryClientProvider client={queryClient}>
        <ApiProvider session={session}>
          <AuthProvider>
            <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
          </AuthProvider>
        </ApiProvider>
      </QueryClientProvider>,
    ),
  };
}
