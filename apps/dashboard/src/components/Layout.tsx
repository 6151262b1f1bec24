import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router-dom';
import { useAuth } from '../auth/AuthProvider';
import { routes } from '../routes';
import { Icon } from './Icon';
import { LanguageSwitch } from './LanguageSwitch';
import { LiveIndicator } from './LiveIndicator';
import { UserMenu } from './UserMenu';

/** Nav entries from the route table, in order, limited to what the user may open. */
function useNavItems() {
  const { can } = useAuth();
  return routes
    .filter((r) => r.nav && (!r.requires || can(r.requires)))
    .sort((a, b) => a.nav!.order - b.nav!.order)
    .map((r) => ({ path: r.path, ...r.nav! }));
}

function NavItems({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const items = useNavItems();
  return (
    <ul className="space-y-1">
      {items.map((item) => (
        <li key={item.path}>
          <NavLink
            to={item.path}
            end={item.path === '/'}
            onClick={onNavigate}
            className={({ isActive }) =>
              `flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors ${
                isActive ? 'bg-slate-800 text-white' : 'text-slate-300 hover:bg-slate-800/60 hover:text-white'
              }`
            }
          >
            <Icon name={item.icon} className="h-5 w-5 shrink-0" />
            {t(item.label)}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

function Brand() {
  const { t } = useTranslation();
  return (
    <div className="flex items-center gap-2 px-3 text-white">
      <span className="grid h-8 w-8 place-items-center rounded-md bg-indigo-500 font-bold" aria-hidden="true">
        K
      </span>
      <span className="text-base font-semibold tracking-tight">{t('common:app.name')}</span>
    </div>
  );
}

/**
 * The app frame: a dark sidebar on wide screens; under `lg` it collapses to a menu button that opens
 * the same navigation as a drawer (an operator on a 360 px phone gets the whole app).
 */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();

  useEffect(() => setMenuOpen(false), [location.pathname]);

  return (
    <div className="min-h-screen bg-slate-50">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-[2000] focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow"
      >
        {t('common:nav.skip')}
      </a>
      <aside
        className="fixed inset-y-0 left-0 z-30 hidden w-60 flex-col bg-slate-900 py-4 lg:flex print:hidden"
        aria-label={t('common:nav.label')}
      >
        <Brand />
        <nav className="mt-6 flex-1 overflow-y-auto px-2">
          <NavItems />
        </nav>
      </aside>

      {menuOpen && (
        <div className="fixed inset-0 z-40 lg:hidden">
          <div
            className="absolute inset-0 bg-slate-900/60"
            aria-hidden="true"
            onClick={() => setMenuOpen(false)}
          />
          <nav
            id="mobile-nav"
            aria-label={t('common:nav.label')}
            className="absolute inset-y-0 left-0 w-64 max-w-[85vw] overflow-y-auto bg-slate-900 py-4 shadow-xl"
          >
            <div className="flex items-center justify-between pr-2">
              <Brand />
              <button
                type="button"
                className="rounded-md p-2 text-slate-300 hover:bg-slate-800 hover:text-white"
                onClick={() => setMenuOpen(false)}
                aria-label={t('common:nav.close')}
              >
                <Icon name="close" />
              </button>
            </div>
            <div className="mt-6 px-2">
              <NavItems onNavigate={() => setMenuOpen(false)} />
            </div>
          </nav>
        </div>
      )}

      <div className="lg:pl-60 print:pl-0">
        <header className="sticky top-0 z-20 flex h-14 items-center gap-2 border-b border-slate-200 bg-white/95 px-3 backdrop-blur sm:px-6 print:hidden">
          <button
            type="button"
            className="rounded-md p-2 text-slate-700 hover:bg-slate-100 lg:hidden"
            onClick={() => setMenuOpen(true)}
            aria-label={t('common:nav.open')}
            aria-expanded={menuOpen}
            aria-controls="mobile-nav"
          >
            <Icon name="menu" />
          </button>
          <div className="flex-1" />
          <LiveIndicator />
          <LanguageSwitch />
          <UserMenu />
        </header>
        <main id="main" className="mx-auto max-w-7xl px-3 py-6 sm:px-6">
          {children}
        </main>
      </div>
    </div>
  );
}
