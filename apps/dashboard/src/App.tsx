import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { ApiProvider } from './api/ApiProvider';
import type { DashboardSession } from './api/session';
import { AuthProvider, useAuth } from './auth/AuthProvider';
import { ReauthDialog } from './auth/ReauthDialog';
import { Layout } from './components/Layout';
import { FeedProvider } from './feed/FeedProvider';
import { PageSpinner } from './components/PageSpinner';
import { NotFoundPage } from './pages/NotFoundPage';
import { SignInPage } from './pages/signin/SignInPage';
import { routes } from './routes';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The feed keeps cached data fresh; refetching on every focus would only add load.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => count < 2 && !(error instanceof Error && 'statusCode' in error),
      },
    },
  });
}

function Shell() {
  const { status, can } = useAuth();
  const { t } = useTranslation();
  if (status === 'restoring') return <PageSpinner label={t('common:auth.restoring')} />;
  // Signed out, the sign-in page replaces whatever URL was asked for, so after signing in the user
  // lands exactly where the link pointed.
  if (status === 'signedOut') return <SignInPage />;
  return (
    <FeedProvider>
      <Layout>
        <Suspense fallback={<PageSpinner label={t('common:loading')} />}>
          <Routes>
            {routes
              .filter((r) => !r.requires || can(r.requires))
              .map(({ path, component: Page }) => (
                <Route key={path} path={path} element={<Page />} />
              ))}
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Suspense>
        <ReauthDialog />
      </Layout>
    </FeedProvider>
  );
}

export function App({ session, queryClient }: { session: DashboardSession; queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <QueryClientProvider client={client}>
      <ApiProvider session={session}>
        <AuthProvider>
          <BrowserRouter>
            <Shell />
          </BrowserRouter>
        </AuthProvider>
      </ApiProvider>
    </QueryClientProvider>
  );
}
