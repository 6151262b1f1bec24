import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth';
import { Badge, SEVERITY_TONE } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { AlertActions } from './AlertActions';
import { explainInWords } from './explanation';
import { formatDateTime } from './format';
import type { Alert } from './live-merge';
import { useAlert } from './queries';
import { STATUS_TONE } from './AlertTable';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-2 py-1.5 text-sm">
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </div>
  );
}

/** The AI's reasons in a sentence, then each term with a bar for its share of the score. */
export function ExplanationPanel({ alert }: { alert: Alert }) {
  const { t, i18n } = useTranslation();
  const sentence = explainInWords(alert.explanation, t, i18n.language);
  if (!sentence || !alert.explanation) return null;
  const total = alert.explanation.reduce((sum, term) => sum + Math.max(0, term.contribution), 0);
  return (
    <section
      aria-labelledby="alert-explanation"
      className="rounded-lg bg-indigo-50 p-4 ring-1 ring-indigo-100"
    >
      <h3 id="alert-explanation" className="text-sm font-semibold text-indigo-900">
        {t('alerts:explanation.title')}
      </h3>
      <p className="mt-1 text-sm text-slate-800">{sentence}</p>
      <ul className="mt-3 space-y-1.5">
        {alert.explanation
          .filter((term) => term.contribution > 0)
          .map((term) => (
            <li key={term.feature} className="grid grid-cols-[8rem_1fr_3rem] items-center gap-2 text-xs">
              <span className="truncate font-mono text-slate-700">{term.feature}</span>
              <span className="h-2 overflow-hidden rounded-full bg-white" aria-hidden="true">
                <span
                  className="block h-full rounded-full bg-indigo-500"
                  style={{ width: `${Math.round((term.contribution / total) * 100)}%` }}
                />
              </span>
              <span className="text-right tabular-nums text-slate-700">{term.contribution.toFixed(2)}</span>
            </li>
          ))}
      </ul>
    </section>
  );
}

/** One alert in full: what, where, when, who handled it, why the AI flagged it, and the actions. */
export function AlertDetail({ initial, onClose }: { initial: Alert; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  // Kept current by the feed and by the actions taken here, even once it leaves the filtered list.
  const alert = useAlert(initial).data;
  const { can } = useAuth();
  const when = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '—');
  const actionable = alert.status !== 'resolved' && (can('alert.acknowledge') || can('alert.resolve'));
  return (
    <Dialog
      open
      size="lg"
      onClose={onClose}
      title={alert.title}
      footer={actionable ? <AlertActions alert={alert} size="md" /> : undefined}
    >
      <div className="space-y-4">
        <div className="flex flex-wrap gap-2">
          <Badge tone={SEVERITY_TONE[alert.severity]}>{t(`alerts:severity.${alert.severity}`)}</Badge>
          <Badge tone={STATUS_TONE[alert.status]}>{t(`alerts:status.${alert.status}`)}</Badge>
          <Badge>{t(`alerts:type.${alert.type}`)}</Badge>
          {alert.muted && <Badge tone="info">{t('alerts:detail.muted')}</Badge>}
          {alert.falsePositive && <Badge tone="warning">{t('alerts:detail.falsePositive')}</Badge>}
        </div>
        <ExplanationPanel alert={alert} />
        <dl className="divide-y divide-slate-100">
          <Row label={t('alerts:columns.kiosk')}>
            {alert.kioskId === null ? (
              t('alerts:detail.siteWide')
            ) : (
              <Link className="font-medium text-indigo-700 hover:underline" to={`/kiosks/${alert.kioskId}`}>
                {t('alerts:detail.kioskLink', { id: alert.kioskId })}
              </Link>
            )}
          </Row>
          <Row label={t('alerts:detail.firstSeen')}>{when(alert.firstSeenAt)}</Row>
          <Row label={t('alerts:detail.lastSeen')}>{when(alert.lastSeenAt)}</Row>
          <Row label={t('alerts:columns.occurrences')}>{alert.occurrences}</Row>
          <Row label={t('alerts:detail.acknowledged')}>{when(alert.acknowledgedAt)}</Row>
          <Row label={t('alerts:detail.resolved')}>
            {alert.resolvedAt
              ? `${when(alert.resolvedAt)}${alert.resolvedBy ? '' : ` · ${t('alerts:detail.autoResolved')}`}`
              : '—'}
          </Row>
        </dl>
      </div>
    </Dialog>
  );
}
