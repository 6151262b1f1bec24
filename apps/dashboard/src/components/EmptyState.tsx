import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { Button } from './Button';
import { Icon, type IconName } from './Icon';

/** What a list shows when there is nothing in it (yet), with the next step when there is one. */
export function EmptyState({
  icon = 'inbox',
  title,
  body,
  action,
}: {
  icon?: IconName;
  title: ReactNode;
  body?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center justify-center px-4 py-12 text-center">
      <span className="grid h-12 w-12 place-items-center rounded-full bg-slate-100 text-slate-500">
        <Icon name={icon} className="h-6 w-6" />
      </span>
      <p className="mt-3 text-sm font-semibold text-slate-900">{title}</p>
      {body && <p className="mt-1 max-w-sm text-sm text-slate-600">{body}</p>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

/** A failed load: what went wrong in words a person can act on, and a retry. */
export function ErrorState({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="flex flex-col items-center justify-center px-4 py-10 text-center">
      <span className="grid h-12 w-12 place-items-center rounded-full bg-red-50 text-red-600">
        <Icon name="alerts" className="h-6 w-6" />
      </span>
      <p className="mt-3 text-sm font-semibold text-slate-900">{title ?? t('common:errors.title')}</p>
      <p className="mt-1 max-w-md text-sm text-slate-600">{errorMessage(error, t)}</p>
      {onRetry && (
        <Button variant="secondary" icon="refresh" className="mt-4" onClick={onRetry}>
          {t('common:errors.retry')}
        </Button>
      )}
    </div>
  );
}
