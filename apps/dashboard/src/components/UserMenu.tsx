import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthProvider';
import { Icon } from './Icon';

/** The signed-in user, their role, and sign-out. */
export function UserMenu() {
  const { t } = useTranslation();
  const { user, role, signOut } = useAuth();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  if (!user) return null;
  const initial = user.username.slice(0, 1).toUpperCase();

  return (
    <div ref={root} className="relative" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button
        type="button"
        onClick={() => setOpen((v) => !v)}
        aria-expanded={open}
        aria-haspopup="menu"
        className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-slate-100"
      >
        <span
          className="grid h-7 w-7 place-items-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-800"
          aria-hidden="true"
        >
          {initial}
        </span>
        {/* The button's name at every width, shown from sm up: the name then is the visible text (axe). */}
        <span className="sr-only text-left leading-tight sm:not-sr-only">
          <span className="block font-medium text-slate-900">{user.username}</span>
          <span className="block text-xs text-slate-600">{t(`common:roles.${role}`)}</span>
        </span>
        <Icon name="chevronDown" className="h-4 w-4 text-slate-500" />
      </button>
      {open && (
        <div
          role="menu"
          className="absolute right-0 z-30 mt-1 w-56 rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-200"
        >
          <div className="border-b border-slate-100 px-3 py-2 text-sm">
            <p className="font-medium text-slate-900">{user.username}</p>
            <p className="text-xs text-slate-600">
              {t('common:user.signedInAs', { role: t(`common:roles.${role}`) })}
            </p>
          </div>
          <button
            type="button"
            role="menuitem"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              await signOut();
            }}
            className="flex w-full items-center gap-2 px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-50"
          >
            <Icon name="logout" className="h-4 w-4" />
            {t('common:user.signOut')}
          </button>
        </div>
      )}
    </div>
  );
}
