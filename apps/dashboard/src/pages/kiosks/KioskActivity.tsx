import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Badge, SEVERITY_TONE, type BadgeTone } from '../../components/Badge';
import { Card } from '../../components/Card';
import { ErrorState } from '../../components/EmptyState';
import { formatMoney } from '../../feed';
import { exponentOf } from '../../feed/money';
import { relativeTime } from './format';
import { useKioskAlerts, useKioskPayments } from './queries';

const LINK =
  'text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600';

/** The kiosk's latest alerts, linked to the inbox filtered to this kiosk. */
export function KioskAlerts({ kioskId }: { kioskId: number }) {
  const { t, i18n } = useTranslation();
  const alerts = useKioskAlerts(kioskId);
  return (
    <Card
      title={t('kiosks:activity.alerts')}
      actions={
        <Link to={`/alerts?kioskId=${kioskId}`} className={LINK}>
          {t('kiosks:activity.allAlerts')}
        </Link>
      }
    >
      {alerts.isError ? (
        <ErrorState error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : !alerts.data ? (
        <p className="text-sm text-slate-600">{t('common:loading')}</p>
      ) : alerts.data.length === 0 ? (
        <p className="text-sm text-slate-600">{t('kiosks:activity.noAlerts')}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {alerts.data.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-2 py-2 text-sm">
              <Badge tone={SEVERITY_TONE[a.severity]}>{t(`kiosks:activity.severity.${a.severity}`)}</Badge>
              <span className="min-w-0 flex-1 truncate text-slate-900">{a.title}</span>
              <Badge
                tone={a.status === 'open' ? 'danger' : a.status === 'acknowledged' ? 'warning' : 'neutral'}
              >
                {t(`kiosks:activity.alertStatus.${a.status}`)}
              </Badge>
              <span className="text-xs text-slate-600">{relativeTime(a.lastSeenAt, i18n.language)}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

const PAYMENT_TONE: Record<string, BadgeTone> = {
  completed: 'success',
  failed: 'danger',
  refunded: 'neutral',
};

/** The kiosk's latest payments, linked to the payments list filtered to this kiosk. */
export function KioskPayments({ kioskId }: { kioskId: number }) {
  const { t, i18n } = useTranslation();
  const payments = useKioskPayments(kioskId);
  return (
    <Card
      title={t('kiosks:activity.payments')}
      actions={
        <Link to={`/payments?kioskId=${kioskId}`} className={LINK}>
          {t('kiosks:activity.allPayments')}
        </Link>
      }
    >
      {payments.isError ? (
        <ErrorState error={payments.error} onRetry={() => void payments.refetch()} />
      ) : !payments.data ? (
        <p className="text-sm text-slate-600">{t('common:loading')}</p>
      ) : payments.data.length === 0 ? (
        <p className="text-sm text-slate-600">{t('kiosks:activity.noPayments')}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {payments.data.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center gap-2 py-2 text-sm">
              <span className="font-medium tabular-nums text-slate-900">
                {formatMoney(p.amountMinor, exponentOf(p.amount), p.currency, i18n.language)}
              </span>
              <Badge>{t(`kiosks:activity.method.${p.method}`)}</Badge>
              <Badge tone={PAYMENT_TONE[p.status] ?? 'warning'}>
                {t(`kiosks:activity.paymentStatus.${p.status}`)}
              </Badge>
              <span className="ml-auto text-xs text-slate-600">
                {relativeTime(p.occurredAt, i18n.language)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
