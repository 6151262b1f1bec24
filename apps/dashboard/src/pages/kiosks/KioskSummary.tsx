import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Card } from '../../components/Card';
import { Icon } from '../../components/Icon';
import { CanSellBadge } from './CanSellBadge';
import { dateTime, relativeTime } from './format';
import type { KioskDto } from './kiosk-filters';
import type { KioskStateDto } from './live-merge';

/** One liveness signal: yes / no / not known, in words and colour. */
function Signal({ label, value, hint }: { label: string; value: boolean | null; hint: string }) {
  const { t } = useTranslation();
  const tone =
    value === null
      ? 'bg-slate-100 text-slate-700'
      : value
        ? 'bg-green-50 text-green-800'
        : 'bg-red-50 text-red-800';
  return (
    <div className={`grid grid-cols-[1fr_auto] items-baseline gap-x-2 rounded-md px-3 py-2 ${tone}`}>
      <dt className="flex min-w-0 items-center gap-1.5 text-xs font-medium uppercase tracking-wide">
        <Icon name={value ? 'check' : value === null ? 'info' : 'close'} className="h-3.5 w-3.5 shrink-0" />
        {label}
      </dt>
      <dd className="text-right text-sm font-semibold">
        {value === null
          ? t('kiosks:signals.unknown')
          : value
            ? t('kiosks:signals.yes')
            : t('kiosks:signals.no')}
      </dd>
      <dd className="col-span-2 mt-0.5 text-xs">{hint}</dd>
    </div>
  );
}

/** The three liveness signals the status is derived from, and what the kiosk can sell. */
export function LivenessCard({ state }: { state: KioskStateDto }) {
  const { t, i18n } = useTranslation();
  return (
    <Card title={t('kiosks:signals.title')} description={t('kiosks:signals.description')}>
      {/* From lg the card is a third of the page wide: the signals stack rather than squeeze into three columns. */}
      <dl className="grid gap-2 sm:grid-cols-3 lg:grid-cols-1">
        <Signal
          label={t('kiosks:signals.connected')}
          value={state.connected}
          hint={t('kiosks:signals.connectedHint')}
        />
        <Signal
          label={t('kiosks:signals.reporting')}
          value={state.reporting}
          hint={t('kiosks:signals.reportingHint')}
        />
        <Signal
          label={t('kiosks:signals.peripheralsOk')}
          value={state.peripheralsOk}
          hint={t('kiosks:signals.peripheralsOkHint')}
        />
      </dl>
      <dl className="mt-4 grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
        <dt className="text-slate-600">{t('kiosks:signals.canSell')}</dt>
        <dd>
          <CanSellBadge value={state.canSell} />
        </dd>
        <dt className="text-slate-600">{t('kiosks:signals.lastSeen')}</dt>
        <dd title={dateTime(state.lastSeenAt, i18n.language)}>
          {relativeTime(state.lastSeenAt, i18n.language)}
        </dd>
        <dt className="text-slate-600">{t('kiosks:signals.clockSkew')}</dt>
        <dd>
          {state.clockSkewSec === null
            ? '—'
            : t('kiosks:signals.seconds', { value: state.clockSkewSec.toFixed(1) })}
        </dd>
      </dl>
    </Card>
  );
}

type Peripherals = NonNullable<KioskStateDto['lastReading']>['peripherals'];
const PERIPHERALS = [
  'printerStatus',
  'cashAcceptor',
  'cardReader',
] as const satisfies readonly (keyof Peripherals)[];
const tone = (v: string | undefined): BadgeTone =>
  v === undefined
    ? 'neutral'
    : v === 'ready'
      ? 'success'
      : v === 'low_ink' || v === 'full'
        ? 'warning'
        : 'danger';

export function PeripheralsCard({ state }: { state: KioskStateDto }) {
  const { t } = useTranslation();
  const p = state.lastReading?.peripherals;
  return (
    <Card title={t('kiosks:peripherals.title')}>
      {p ? (
        <dl className="space-y-2 text-sm">
          {PERIPHERALS.map((key) => (
            <div key={key} className="flex items-center justify-between gap-2">
              <dt className="text-slate-700">{t(`kiosks:peripherals.${key}`)}</dt>
              <dd>
                <Badge tone={tone(p[key])}>
                  {p[key] ? t(`kiosks:peripherals.states.${p[key]}`) : t('kiosks:peripherals.notReported')}
                </Badge>
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="text-sm text-slate-600">{t('kiosks:peripherals.noReading')}</p>
      )}
    </Card>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-600">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900">{children}</dd>
    </>
  );
}

/** Where the kiosk is, what it runs and who it belongs to. */
export function DetailsCard({ kiosk, state }: { kiosk: KioskDto; state: KioskStateDto | undefined }) {
  const { t, i18n } = useTranslation();
  const reported = state?.lastReading?.location;
  return (
    <Card title={t('kiosks:details.title')}>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <Row label={t('kiosks:details.address')}>{kiosk.location.address ?? '—'}</Row>
        <Row label={t('kiosks:details.registered')}>
          {kiosk.location.lat.toFixed(5)}, {kiosk.location.lng.toFixed(5)}
        </Row>
        <Row label={t('kiosks:details.reported')}>
          {reported
            ? `${reported.lat.toFixed(5)}, ${reported.lng.toFixed(5)}${reported.accuracy !== undefined ? ` (±${Math.round(reported.accuracy)} m)` : ''}`
            : '—'}
        </Row>
        <Row label={t('kiosks:details.firmware')}>{kiosk.firmwareVersion ?? '—'}</Row>
        <Row label={t('kiosks:details.peripheralsInstalled')}>
          {kiosk.capabilities?.peripherals?.join(', ') || '—'}
        </Row>
        <Row label={t('kiosks:details.tags')}>
          <span className="flex flex-wrap gap-1">
            {kiosk.tags.length ? kiosk.tags.map((tag) => <Badge key={tag}>{tag}</Badge>) : '—'}
          </span>
        </Row>
        <Row label={t('kiosks:details.code')}>
          <span className="font-mono">{kiosk.code}</span>
        </Row>
        <Row label={t('kiosks:details.assigned')}>
          {kiosk.assignedTo ? t('kiosks:details.assignedYes') : t('kiosks:details.assignedNo')}
        </Row>
        <Row label={t('kiosks:details.created')}>{dateTime(kiosk.createdAt, i18n.language)}</Row>
      </dl>
    </Card>
  );
}
