import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { useAuth } from '../../../auth/AuthProvider';
import type { Action } from '../../../auth/permissions';
import { Icon, type IconName } from '../../../components/Icon';

/** The admin sections, each shown to those who may manage it (the API answers 403 to the rest). */
export const ADMIN_SECTIONS: readonly { path: string; label: string; icon: IconName; requires?: Action }[] = [
  { path: '/admin/users', label: 'nav.users', icon: 'users', requires: 'user.manage' },
  { path: '/admin/webhooks', label: 'nav.webhooks', icon: 'webhook', requires: 'webhook.manage' },
  { path: '/admin/alert-rules', label: 'nav.alertRules', icon: 'rule', requires: 'alertRule.manage' },
  { path: '/maintenance', label: 'nav.maintenance', icon: 'calendar' },
  {
    path: '/admin/notification-policies',
    label: 'nav.policies',
    icon: 'bell',
    requires: 'notificationPolicy.manage',
  },
  { path: '/admin/api-keys', label: 'nav.apiKeys', icon: 'key', requires: 'apiKey.manage' },
  { path: '/admin/tag-configs', label: 'nav.tagConfigs', icon: 'kiosks', requires: 'tagConfig.manage' },
];

function SectionTabs() {
  const { t } = useTranslation('admin');
  const { can } = useAuth();
  const sections = ADMIN_SECTIONS.filter((s) => !s.requires || can(s.requires));
  // One section only (operators and viewers see maintenance windows): no tabs to switch between.
  if (sections.length < 2) return null;
  return (
    <nav aria-label={t('nav.sections')} className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <ul className="flex min-w-max gap-1 border-b border-slate-200">
        {sections.map((s) => (
          <li key={s.path}>
            <NavLink
              to={s.path}
              className={({ isActive }) =>
                `-mb-px flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium ${
                  isActive
                    ? 'border-indigo-600 text-indigo-700'
                    : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900'
                }`
              }
            >
              <Icon name={s.icon} className="h-4 w-4" />
              {t(s.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Header (title, what the page is for, its main action), the section tabs, then the page. */
export function AdminPage({
  title,
  description,
  actions,
  children,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="space-y-4">
      <SectionTabs />
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
          {description && <p className="mt-1 max-w-3xl text-sm text-slate-600">{description}</p>}
        </div>
        {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
      </header>
      {children}
    </div>
  );
}
