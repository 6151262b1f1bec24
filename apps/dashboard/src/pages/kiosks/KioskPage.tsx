import { KioskFleetApiError } from '@kiosk-fleet/sdk';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { Badge } from '../../components/Badge';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { StatusPill } from '../../components/StatusPill';
import { KioskConfigCard } from '../config/KioskConfigCard';
import { CommandsCard } from './CommandsCard';
import { KioskAlerts, KioskPayments } from './KioskActivity';
import { KioskQrCard } from './KioskQr';
import { DetailsCard, LivenessCard, PeripheralsCard } from './KioskSummary';
import { useKiosk, useKioskState } from './queries';
import { LiveTelemetry, TelemetryHistory } from './TelemetryCharts';

/** One kiosk: is it alive and able to sell, what it reports, what was asked of it, what happened. */
export default function KioskPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const kiosk = useKiosk(id);
  const state = useKioskState(id);

  if (
    !Number.isInteger(id) ||
    id <= 0 ||
    (kiosk.error instanceof KioskFleetApiError && kiosk.error.statusCode === 404)
  ) {
    return (
      <EmptyState
        icon="kiosks"
        title={t('kiosks:page.notFound')}
        body={t('kiosks:page.notFoundBody')}
        action={
          <Link to="/kiosks" className="text-sm font-medium text-indigo-700 hover:underline">
            {t('kiosks:page.backToList')}
          </Link>
        }
      />
    );
  }
  if (kiosk.isError) return <ErrorState error={kiosk.error} onRetry={() => void kiosk.refetch()} />;
  if (!kiosk.data) return <p className="text-sm text-slate-600">{t('common:loading')}</p>;
  const k = kiosk.data;

  return (
    <div className="space-y-4">
      <nav aria-label={t('kiosks:page.breadcrumb')} className="text-sm">
        <Link to="/kiosks" className="text-indigo-700 underline hover:text-indigo-900">
          {t('kiosks:list.title')}
        </Link>
        <span className="text-slate-500" aria-hidden="true">
          {' / '}
        </span>
        <span className="text-slate-700">{k.serial}</span>
      </nav>
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold text-slate-900">{k.name}</h1>
        <StatusPill status={k.status} />
        {k.tags.map((tag) => (
          <Badge key={tag}>{tag}</Badge>
        ))}
      </header>

      <div className="grid gap-4 lg:grid-cols-3">
        {state.data ? (
          <>
            <LivenessCard state={state.data} />
            <PeripheralsCard state={state.data} />
          </>
        ) : state.isError ? (
          <div className="lg:col-span-2">
            <ErrorState error={state.error} onRetry={() => void state.refetch()} />
          </div>
        ) : (
          <p className="text-sm text-slate-600 lg:col-span-2">{t('common:loading')}</p>
        )}
        <DetailsCard kiosk={k} state={state.data} />
      </div>

      <LiveTelemetry kioskId={id} />
      <TelemetryHistory kioskId={id} />

      <div className="grid gap-4 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <CommandsCard kioskId={id} />
        </div>
        <KioskQrCard kiosk={k} />
      </div>

      <KioskConfigCard kioskId={id} />

      <div className="grid gap-4 lg:grid-cols-2">
        <KioskAlerts kioskId={id} />
        <KioskPayments kioskId={id} />
      </div>
    </div>
  );
}
