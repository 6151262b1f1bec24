import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DashboardSession } from './api/session';
import { sessionStorageStore } from './api/token-store';
import { App } from './App';
import './i18n';
import './index.css';

// The API serves the dashboard, so the API is this page's own origin (Vite proxies it in development).
const session = new DashboardSession({ baseUrl: window.location.origin, store: sessionStorageStore() });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App session={session} />
  </StrictMode>,
);
