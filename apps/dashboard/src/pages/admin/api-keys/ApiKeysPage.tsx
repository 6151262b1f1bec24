import type { Schema } from '@kiosk-fleet/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Can } from '../../../auth/Can';
import { Badge } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import type { Column } from '../../../components/Table';
import { AdminPage } from '../components/AdminPage';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { formatDateTime } from '../components/format';
import { ListView } from '../components/ListView';
import { actionsColumn, RowButton } from '../components/RowActions';
import { adminKeys, useApiKeys } from '../data/admin-queries';
import { useAdminMutation } from '../data/use-admin-mutation';
import { CreateApiKeyDialog } from './ApiKeyDialog';

type ApiKey = Schema<'ApiKeyDto'>;

export default function ApiKeysPage() {
  const { t, i18n } = useTranslation('admin');
  const keys = useApiKeys();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = useAdminMutation(
    (api, id: string) => api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } }),
    adminKeys.apiKeys,
  );
  const now = Date.now();

  const columns: Column<ApiKey>[] = [
    {
      key: 'name',
      header: t('apiKeys.name'),
      width: 'minmax(10rem, 2fr)',
      cell: (k) => <span className="font-medium text-slate-900">{k.name}</span>,
    },
    {
      key: 'prefix',
      header: t('apiKeys.prefix'),
      width: '9rem',
      cell: (k) => <span className="font-mono text-xs">{k.prefix}…</span>,
    },
    {
      key: 'role',
      header: t('apiKeys.role'),
      width: '7rem',
      cell: (k) => <Badge>{t(`common:roles.${k.role}`)}</Badge>,
    },
    { key: 'tags', header: t('apiKeys.tags'), width: 'minmax(8rem, 1.5fr)', cell: (k) => k.tags.join(', ') },
    {
      key: 'expires',
      header: t('apiKeys.expiresAt'),
      width: '11rem',
      cell: (k) =>
        k.expiresAt && Date.parse(k.expiresAt) <= now ? (
          <Badge tone="warning">{t('apiKeys.expired')}</Badge>
        ) : k.expiresAt ? (
          formatDateTime(k.expiresAt, i18n.language)
        ) : (
          <span className="text-slate-500">{t('apiKeys.never')}</span>
        ),
    },
    {
      key: 'lastUsed',
      header: t('apiKeys.lastUsedAt'),
      width: '11rem',
      cell: (k) => formatDateTime(k.lastUsedAt, i18n.language),
    },
    actionsColumn({
      width: '7rem',
      can: 'apiKey.manage',
      cell: (k) => (
        <RowButton name={k.name} danger onClick={() => setRevoking(k)}>
          {t('apiKeys.revoke')}
        </RowButton>
      ),
    }),
  ];

  return (
    <AdminPage
      title={t('apiKeys.title')}
      description={t('apiKeys.description')}
      actions={
        <Can action="apiKey.manage">
          <Button icon="plus" onClick={() => setCreating(true)}>
            {t('apiKeys.create')}
          </Button>
        </Can>
      }
    >
      <ListView
        list={keys}
        label={t('apiKeys.title')}
        columns={columns}
        rowKey={(k) => k.id}
        minWidth="62rem"
        empty={{ title: t('apiKeys.empty'), body: t('apiKeys.emptyBody') }}
      />
      {creating && <CreateApiKeyDialog onClose={() => setCreating(false)} />}
      <ConfirmDialog
        open={revoking !== null}
        title={t('apiKeys.revokeTitle', { name: revoking?.name ?? '' })}
        body={t('apiKeys.revokeBody')}
        confirmLabel={t('apiKeys.revoke')}
        onConfirm={() => (revoking ? revoke.mutateAsync(revoking.id) : Promise.resolve())}
        onClose={() => setRevoking(null)}
      />
    </AdminPage>
  );
}
