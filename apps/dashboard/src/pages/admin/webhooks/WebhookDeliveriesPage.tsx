import type { Schema } from '@kiosk-fleet/sdk';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useApi } from '../../../api/ApiProvider';
import { Can } from '../../../auth/Can';
import { Badge, type BadgeTone } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import { SelectField } from '../../../components/Field';
import type { Column } from '../../../components/Table';
import { AdminPage } from '../components/AdminPage';
import { formatDateTime } from '../components/format';
import { ActionError } from '../components/FormAlert';
import { ListView } from '../components/ListView';
import { actionsColumn, createdColumn, RowButton } from '../components/RowActions';
import { adminKeys, useDeliveries, type DeliveryStatus } from '../data/admin-queries';
import { useAdminMutation } from '../data/use-admin-mutation';

type Delivery = Schema<'WebhookDeliveryDto'>;

const STATUS_TONE: Record<DeliveryStatus, BadgeTone> = {
  pending: 'info',
  delivered: 'success',
  failed: 'warning',
  dead: 'danger',
};
const STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed', 'dead'];

/** One webhook's delivery history (refreshed while open), with redelivery and a test event. */
export default function WebhookDeliveriesPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('admin');
  const api = useApi();
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const webhook = useQuery({
    queryKey: adminKeys.webhook(id),
    queryFn: () => api.GET('/api/v1/webhooks/{id}', { params: { path: { id } } }),
  });
  const deliveries = useDeliveries(id, status);
  const redeliver = useAdminMutation(
    (client, deliveryId: string) =>
      client.POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', {
        params: { path: { id, deliveryId } },
      }),
    adminKeys.webhook(id),
  );
  const sendTest = useAdminMutation(
    (client, _: void) => client.POST('/api/v1/webhooks/{id}/test', { params: { path: { id } } }),
    adminKeys.webhook(id),
  );

  const columns: Column<Delivery>[] = [
    {
      key: 'event',
      header: t('deliveries.event'),
      width: 'minmax(9rem, 1.5fr)',
      cell: (d) => <span className="font-mono text-xs">{d.eventType}</span>,
    },
    {
      key: 'status',
      header: t('deliveries.status'),
      width: '7rem',
      cell: (d) => <Badge tone={STATUS_TONE[d.status]}>{t(`deliveries.statuses.${d.status}`)}</Badge>,
    },
    {
      key: 'attempts',
      header: t('deliveries.attempts'),
      width: '6rem',
      align: 'right',
      cell: (d) => d.attempts,
    },
    {
      key: 'code',
      header: t('deliveries.lastStatusCode'),
      width: '5rem',
      align: 'right',
      cell: (d) => d.lastStatusCode ?? '—',
    },
    {
      key: 'latency',
      header: t('deliveries.latency'),
      width: '6rem',
      align: 'right',
      cell: (d) => (d.lastLatencyMs == null ? '—' : `${d.lastLatencyMs} ms`),
    },
    createdColumn(t('list.created'), i18n.language, '10rem'),
    {
      key: 'next',
      header: t('deliveries.deliveredOrNext'),
      width: '10rem',
      cell: (d) => formatDateTime(d.deliveredAt ?? d.nextAttemptAt, i18n.language),
    },
    {
      key: 'error',
      header: t('deliveries.lastError'),
      width: 'minmax(8rem, 2fr)',
      cell: (d) => <span title={d.lastError ?? undefined}>{d.lastError ?? '—'}</span>,
    },
    actionsColumn({
      width: '8rem',
      can: 'webhook.manage',
      cell: (d) => (
        <RowButton
          busy={redeliver.isPending && redeliver.variables === d.id}
          onClick={() => redeliver.mutate(d.id)}
        >
          {t('deliveries.redeliver')}
        </RowButton>
      ),
    }),
  ];

  return (
    <AdminPage
      title={t('deliveries.title')}
      description={
        <span className="break-all font-mono text-xs">
          {webhook.data?.url ?? (webhook.isError ? '—' : '…')}
        </span>
      }
      actions={
        <>
          <Link to="/admin/webhooks" className="text-sm font-medium text-indigo-700 hover:underline">
            {t('deliveries.back')}
          </Link>
          <Can action="webhook.manage">
            <Button
              icon="refresh"
              variant="secondary"
              disabled={webhook.data?.active === false}
              busy={sendTest.isPending}
              onClick={() => sendTest.mutate()}
            >
              {t('webhooks.sendTest')}
            </Button>
          </Can>
        </>
      }
    >
      <div className="flex flex-wrap items-end gap-3">
        <SelectField
          label={t('deliveries.filter')}
          className="w-48"
          value={status}
          onChange={(e) => setStatus(e.target.value as DeliveryStatus | '')}
        >
          <option value="">{t('deliveries.allStatuses')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`deliveries.statuses.${s}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <ActionError error={redeliver.error ?? sendTest.error} />
      <ListView
        list={deliveries}
        label={t('deliveries.title')}
        columns={columns}
        rowKey={(d) => d.id}
        minWidth="68rem"
        empty={{ title: t('deliveries.empty'), body: t('deliveries.emptyBody') }}
      />
    </AdminPage>
  );
}
