import type { Schema } from '@kiosk-fleet/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Can } from '../../../auth/Can';
import { Badge, SEVERITY_TONE } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import type { Column } from '../../../components/Table';
import { AdminPage } from '../components/AdminPage';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ListView } from '../components/ListView';
import { actionsColumn, createdColumn, RowButton } from '../components/RowActions';
import { adminKeys, useNotificationPolicies } from '../data/admin-queries';
import { useAdminMutation } from '../data/use-admin-mutation';
import { PolicyDialog } from './PolicyDialog';

type Policy = Schema<'NotificationPolicyDto'>;
type Pending = { kind: 'create' } | { kind: 'edit' | 'delete'; policy: Policy } | null;

export default function NotificationPoliciesPage() {
  const { t, i18n } = useTranslation('admin');
  const policies = useNotificationPolicies();
  const [pending, setPending] = useState<Pending>(null);
  const remove = useAdminMutation(
    (api, id: string) => api.DELETE('/api/v1/notification-policies/{id}', { params: { path: { id } } }),
    adminKeys.policies,
  );

  const columns: Column<Policy>[] = [
    {
      key: 'recipients',
      header: t('policies.recipients'),
      width: 'minmax(14rem, 3fr)',
      cell: (p) => <span title={p.recipients.join(', ')}>{p.recipients.join(', ')}</span>,
    },
    {
      key: 'severity',
      header: t('policies.minSeverity'),
      width: '9rem',
      cell: (p) => (
        <Badge tone={SEVERITY_TONE[p.minSeverity]}>
          {t('policies.atLeast', { severity: t(`severity.${p.minSeverity}`) })}
        </Badge>
      ),
    },
    {
      key: 'tags',
      header: t('policies.tags'),
      width: 'minmax(8rem, 1.5fr)',
      cell: (p) =>
        p.tags?.length ? (
          p.tags.join(', ')
        ) : (
          <span className="text-slate-500">{t('policies.allKiosks')}</span>
        ),
    },
    { key: 'channel', header: t('policies.channel'), width: '6rem', cell: () => t('policies.email') },
    createdColumn(t('list.created'), i18n.language, '11rem'),
    actionsColumn({
      width: 'minmax(10rem, auto)',
      can: 'notificationPolicy.manage',
      cell: (p) => (
        <>
          <RowButton onClick={() => setPending({ kind: 'edit', policy: p })}>{t('actions.edit')}</RowButton>
          <RowButton danger onClick={() => setPending({ kind: 'delete', policy: p })}>
            {t('actions.delete')}
          </RowButton>
        </>
      ),
    }),
  ];

  return (
    <AdminPage
      title={t('policies.title')}
      description={t('policies.pageDescription')}
      actions={
        <Can action="notificationPolicy.manage">
          <Button icon="plus" onClick={() => setPending({ kind: 'create' })}>
            {t('policies.create')}
          </Button>
        </Can>
      }
    >
      <ListView
        list={policies}
        label={t('policies.title')}
        columns={columns}
        rowKey={(p) => p.id}
        minWidth="58rem"
        empty={{ title: t('policies.empty'), body: t('policies.emptyBody') }}
      />
      {pending?.kind === 'create' && <PolicyDialog onClose={() => setPending(null)} />}
      {pending?.kind === 'edit' && <PolicyDialog policy={pending.policy} onClose={() => setPending(null)} />}
      <ConfirmDialog
        open={pending?.kind === 'delete'}
        title={t('policies.deleteTitle')}
        body={t('policies.deleteBody', {
          recipients: pending?.kind === 'delete' ? pending.policy.recipients.join(', ') : '',
        })}
        confirmLabel={t('actions.delete')}
        onConfirm={() =>
          pending?.kind === 'delete' ? remove.mutateAsync(pending.policy.id) : Promise.resolve()
        }
        onClose={() => setPending(null)}
      />
    </AdminPage>
  );
}
