import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth';
import { Badge, SEVERITY_TONE, type BadgeTone } from '../../components/Badge';
import { EmptyState } from '../../components/EmptyState';
import { KioskLink, useKioskNaming } from '../../components/KioskName';
import { Table, type Column } from '../../components/Table';
import { AlertActions } from './AlertActions';
import { formatAgo } from './format';
import type { Alert } from './live-merge';

export const STATUS_TONE: Record<Alert['status'], BadgeTone> = {
  open: 'danger',
  acknowledged: 'warning',
  resolved: 'success',
};

/** The inbox: newest first, a row per alert, its actions at the end of the row. */
export function AlertTable({
  alerts,
  onOpen,
  freshIds,
}: {
  alerts: Alert[];
  onOpen: (alert: Alert) => void;
  /** Alerts that arrived live since the page opened: highlighted so the eye finds them. */
  freshIds: ReadonlySet<string>;
}) {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const naming = useKioskNaming();
  // A viewer has no action column at all, not an empty one.
  const actionable = can('alert.acknowledge') || can('alert.resolve');
  const columns = useMemo<Column<Alert>[]>(
    () => [
      {
        key: 'severity',
        header: t('alerts:columns.severity'),
        width: '6.5rem',
        cell: (a) => <Badge tone={SEVERITY_TONE[a.severity]}>{t(`alerts:severity.${a.severity}`)}</Badge>,
      },
      {
        key: 'title',
        header: t('alerts:columns.alert'),
        width: 'minmax(12rem, 3fr)',
        cell: (a) => (
          <span className="flex min-w-0 items-center gap-2">
            {freshIds.has(a.id) && (
              <span className="shrink-0 rounded bg-indigo-600 px-1 text-[10px] font-semibold uppercase text-white">
                {t('alerts:new')}
              </span>
            )}
            <span className="truncate font-medium text-slate-900">{a.title}</span>
            <span className="hidden shrink-0 text-xs text-slate-600 md:inline">
              {t(`alerts:type.${a.type}`)}
            </span>
          </span>
        ),
      },
      {
        key: 'kiosk',
        header: t('alerts:columns.kiosk'),
        // Kiosk names run to 20-odd characters ("Retiro station, hall B"): 10rem cut most of them.
        width: 'minmax(12rem, 2fr)',
        cell: (a) =>
          a.kioskId === null ? (
            '—'
          ) : (
            <KioskLink id={a.kioskId} naming={naming} onClick={(e) => e.stopPropagation()} />
          ),
      },
      {
        key: 'status',
        header: t('alerts:columns.status'),
        width: '8rem',
        cell: (a) => <Badge tone={STATUS_TONE[a.status]}>{t(`alerts:status.${a.status}`)}</Badge>,
      },
      {
        key: 'firstSeen',
        header: t('alerts:columns.firstSeen'),
        width: '7.5rem',
        cell: (a) => (
          <time dateTime={a.firstSeenAt} title={a.firstSeenAt}>
            {formatAgo(a.firstSeenAt, i18n.language)}
          </time>
        ),
      },
      {
        key: 'occurrences',
        header: t('alerts:columns.occurrences'),
        width: '5rem',
        align: 'right',
        cell: (a) => a.occurrences,
      },
      ...(actionable
        ? [
            {
              key: 'actions',
              header: <span className="sr-only">{t('alerts:columns.actions')}</span>,
              width: '13rem',
              cell: (a: Alert) => <AlertActions alert={a} />,
            },
          ]
        : []),
    ],
    [t, i18n.language, freshIds, actionable, naming],
  );
  return (
    <Table
      label={t('alerts:inbox.title')}
      rows={alerts}
      columns={columns}
      rowKey={(a) => a.id}
      onRowClick={onOpen}
      rowHeight={48}
      minWidth="52rem"
      maxHeight="calc(100vh - 18rem)"
      empty={
        <EmptyState icon="check" title={t('alerts:inbox.emptyTitle')} body={t('alerts:inbox.emptyBody')} />
      }
    />
  );
}
