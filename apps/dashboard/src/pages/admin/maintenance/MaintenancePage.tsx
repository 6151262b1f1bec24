import type { Schema } from '@kiosk-fleet/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAuth } from '../../../auth/AuthProvider';
import { Badge } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import { CheckboxField } from '../../../components/Field';
import type { Column } from '../../../components/Table';
import { AdminPage } from '../components/AdminPage';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { formatDateTime } from '../components/format';
import { ListView } from '../components/ListView';
import { actionsColumn, RowButton } from '../components/RowActions';
import { adminKeys, useMaintenanceWindows } from '../data/admin-queries';
import { useAdminMutation } from '../data/use-admin-mutation';
import { WindowDialog } from './WindowDialog';

type Window = Schema<'MaintenanceWindowDto'>;

/** Where a window is in time, for its badge. */
export function windowPhase(w: Window, now: number): 'scheduled' | 'active' | 'ended' {
  if (Date.parse(w.endsAt) <= now) return 'ended';
  return Date.parse(w.startsAt) <= now ? 'active' : 'scheduled';
}
const PHASE_TONE = { scheduled: 'info', active: 'warning', ended: 'neutral' } as const;

/**
 * Maintenance windows of the kiosks the user may see. Everyone reads them; admins schedule and end
 * any, operators those of their own kiosks (tag windows are admin-only), viewers only read.
 */
export default function MaintenancePage() {
  const { t, i18n } = useTranslation('admin');
  const { can } = useAuth();
  const [activeOnly, setActiveOnly] = useState(false);
  const windows = useMaintenanceWindows(activeOnly);
  const [creating, setCreating] = useState(false);
  const [ending, setEnding] = useState<Window | null>(null);
  const end = useAdminMutation(
    (api, id: string) => api.DELETE('/api/v1/maintenance-windows/{id}', { params: { path: { id } } }),
    adminKeys.allWindows,
  );
  const mayEnd = (w: Window) =>
    can('maintenance.manage') || (can('maintenance.schedule') && w.scope.kind === 'kiosk');
  const now = Date.now();

  const columns: Column<Window>[] = [
    {
      key: 'scope',
      header: t('windows.scope'),
      width: 'minmax(9rem, 1fr)',
      cell: (w) =>
        w.scope.kind === 'kiosk' ? (
          <Link to={`/kiosks/${w.scope.value}`} className="font-medium text-indigo-700 hover:underline">
            {t('windows.kioskLabel', { id: w.scope.value })}
          </Link>
        ) : (
          <span>
            {t('scope.tag')}: <span className="font-mono text-xs">{w.scope.value}</span>
          </span>
        ),
    },
    {
      key: 'phase',
      header: t('windows.phase'),
      width: '7.5rem',
      cell: (w) => {
        const phase = windowPhase(w, now);
        return <Badge tone={PHASE_TONE[phase]}>{t(`windows.phases.${phase}`)}</Badge>;
      },
    },
    {
      key: 'starts',
      header: t('windows.startsAt'),
      width: '11rem',
      cell: (w) => formatDateTime(w.startsAt, i18n.language),
    },
    {
      key: 'ends',
      header: t('windows.endsAt'),
      width: '11rem',
      cell: (w) => formatDateTime(w.endsAt, i18n.language),
    },
    {
      key: 'reason',
      header: t('windows.reason'),
      width: 'minmax(10rem, 2fr)',
      cell: (w) => <span title={w.reason}>{w.reason}</span>,
    },
    actionsColumn({
      width: '8rem',
      cell: (w) =>
        mayEnd(w) && windowPhase(w, now) !== 'ended' ? (
          <RowButton danger onClick={() => setEnding(w)}>
            {t('windows.end')}
          </RowButton>
        ) : null,
    }),
  ];

  return (
    <AdminPage
      title={t('windows.title')}
      description={t('windows.pageDescription')}
      actions={
        can('maintenance.schedule') && (
          <Button icon="plus" onClick={() => setCreating(true)}>
            {t('windows.create')}
          </Button>
        )
      }
    >
      <CheckboxField
        label={t('windows.activeOnly')}
        checked={activeOnly}
        onChange={(e) => setActiveOnly(e.target.checked)}
      />
      <ListView
        list={windows}
        label={t('windows.title')}
        columns={columns}
        rowKey={(w) => w.id}
        minWidth="56rem"
        empty={{
          title: activeOnly ? t('windows.emptyActive') : t('windows.empty'),
          body: t('windows.emptyBody'),
        }}
      />
      {creating && (
        <WindowDialog allowTagScope={can('maintenance.manage')} onClose={() => setCreating(false)} />
      )}
      <ConfirmDialog
        open={ending !== null}
        title={t('windows.endTitle')}
        body={t('windows.endBody')}
        confirmLabel={t('windows.end')}
        onConfirm={() => (ending ? end.mutateAsync(ending.id) : Promise.resolve())}
        onClose={() => setEnding(null)}
      />
    </AdminPage>
  );
}
