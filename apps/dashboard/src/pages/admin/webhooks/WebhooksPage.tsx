import type { Schema } from '@kiosk-fleet/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { Can } from '../../../auth/Can';
import { Badge } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import type { Column } from '../../../components/Table';
import { AdminPage } from '../components/AdminPage';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ActionError } from '../components/FormAlert';
import { ListView } from '../components/ListView';
import { actionsColumn, createdColumn, RowButton } from '../components/RowActions';
import { adminKeys, useWebhooks } from '../data/admin-queries';
import { useAdminMutation } from '../data/use-admin-mutation';
import { WebhookDialog } from './WebhookDialog';

type Webhook = Schema<'WebhookDto'>;
type Pending = { kind: 'create' } | { kind: 'edit' | 'delete'; webhook: Webhook } | null;

export const deliveriesPath = (id: string) => `/admin/webhooks/${id}`;

export default function WebhooksPage() {
  const { t, i18n } = useTranslation('admin');
  const navigate = useNavigate();
  const webhooks = useWebhooks();
  const [pending, setPending] = useState<Pending>(null);
  const remove = useAdminMutation(
    (api, id: string) => api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id } } }),
    adminKeys.webhooks,
  );
  const sendTest = useAdminMutation(
    (api, id: string) => api.POST('/api/v1/webhooks/{id}/test', { params: { path: { id } } }),
    adminKeys.webhooks,
  );

  const columns: Column<Webhook>[] = [
    {
      key: 'url',
      header: t('webhooks.url'),
      width: 'minmax(14rem, 3fr)',
      cell: (w) => (
        <Link
          to={deliveriesPath(w.id)}
          className="font-mono text-xs text-indigo-700 hover:underline"
          title={w.url}
          onClick={(e) => e.stopPropagation()}
        >
          {w.url}
        </Link>
      ),
    },
    {
      key: 'events',
      header: t('webhooks.events'),
      width: 'minmax(10rem, 2fr)',
      cell: (w) => <span title={w.events.join(', ')}>{w.events.join(', ')}</span>,
    },
    {
      key: 'active',
      header: t('webhooks.state'),
      width: '7rem',
      cell: (w) =>
        w.active ? (
          <Badge tone="success">{t('webhooks.active')}</Badge>
        ) : (
          <Badge>{t('webhooks.paused')}</Badge>
        ),
    },
    createdColumn(t('list.created'), i18n.language, '11rem'),
    actionsColumn({
      width: 'minmax(16rem, auto)',
      can: 'webhook.manage',
      cell: (w) => (
        <>
          <RowButton
            disabled={!w.active}
            busy={sendTest.isPending && sendTest.variables === w.id}
            onClick={() => sendTest.mutate(w.id, { onSuccess: () => navigate(deliveriesPath(w.id)) })}
          >
            {t('webhooks.sendTest')}
          </RowButton>
          <RowButton onClick={() => setPending({ kind: 'edit', webhook: w })}>{t('actions.edit')}</RowButton>
          <RowButton danger onClick={() => setPending({ kind: 'delete', webhook: w })}>
            {t('actions.delete')}
          </RowButton>
        </>
      ),
    }),
  ];

  return (
    <AdminPage
      title={t('webhooks.title')}
      description={t('webhooks.description')}
      actions={
        <Can action="webhook.manage">
          <Button icon="plus" onClick={() => setPending({ kind: 'create' })}>
            {t('webhooks.create')}
          </Button>
        </Can>
      }
    >
      <ActionError error={sendTest.error} />
      <ListView
        list={webhooks}
        label={t('webhooks.title')}
        columns={columns}
        rowKey={(w) => w.id}
        onRowClick={(w) => navigate(deliveriesPath(w.id))}
        minWidth="60rem"
        empty={{ title: t('webhooks.empty'), body: t('webhooks.emptyBody') }}
      />
      {pending?.kind === 'create' && <WebhookDialog onClose={() => setPending(null)} />}
      {pending?.kind === 'edit' && (
        <WebhookDialog webhook={pending.webhook} onClose={() => setPending(null)} />
      )}
      <ConfirmDialog
        open={pending?.kind === 'delete'}
        title={t('webhooks.deleteTitle')}
        body={
          <>
            <p className="break-all font-mono text-xs">
              {pending?.kind === 'delete' ? pending.webhook.url : ''}
            </p>
            <p className="mt-2">{t('webhooks.deleteBody')}</p>
          </>
        }
        confirmLabel={t('actions.delete')}
        onConfirm={() =>
          pending?.kind === 'delete' ? remove.mutateAsync(pending.webhook.id) : Promise.resolve()
        }
        onClose={() => setPending(null)}
      />
    </AdminPage>
  );
}
