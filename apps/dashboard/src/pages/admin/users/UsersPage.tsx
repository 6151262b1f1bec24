import type { Schema } from '@kiosk-fleet/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../auth/AuthProvider';
import { Can } from '../../../auth/Can';
import { Badge } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import type { Column } from '../../../components/Table';
import { AdminPage } from '../components/AdminPage';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ActionError } from '../components/FormAlert';
import { ListView } from '../components/ListView';
import { actionsColumn, createdColumn, RowButton } from '../components/RowActions';
import { adminKeys, useUsers } from '../data/admin-queries';
import { useAdminMutation } from '../data/use-admin-mutation';
import { CreateUserDialog, EditUserDialog } from './UserDialogs';

type User = Schema<'UserDto'>;
type Pending = { kind: 'create' } | { kind: 'edit' | 'disable' | 'delete'; user: User } | null;

const ROLE_TONE = { admin: 'info', operator: 'success', viewer: 'neutral' } as const;

export default function UsersPage() {
  const { t, i18n } = useTranslation('admin');
  const { user: me } = useAuth();
  const users = useUsers();
  const [pending, setPending] = useState<Pending>(null);
  const setDisabled = useAdminMutation(
    (api, vars: { id: string; disabled: boolean }) =>
      api.PATCH('/api/v1/users/{id}', {
        params: { path: { id: vars.id } },
        body: { disabled: vars.disabled },
      }),
    adminKeys.users,
  );
  const remove = useAdminMutation(
    (api, id: string) => api.DELETE('/api/v1/users/{id}', { params: { path: { id } } }),
    adminKeys.users,
  );

  const columns: Column<User>[] = [
    {
      key: 'username',
      header: t('users.username'),
      width: 'minmax(10rem, 2fr)',
      cell: (u) => (
        <span className="font-medium text-slate-900">
          {u.username}
          {u.id === me?.id && (
            <span className="ml-2 text-xs font-normal text-slate-500">{t('users.you')}</span>
          )}
        </span>
      ),
    },
    {
      key: 'role',
      header: t('users.role'),
      width: '8rem',
      cell: (u) => <Badge tone={ROLE_TONE[u.role]}>{t(`common:roles.${u.role}`)}</Badge>,
    },
    {
      key: 'status',
      header: t('users.status'),
      width: '7rem',
      cell: (u) =>
        u.disabled ? (
          <Badge tone="warning">{t('users.disabled')}</Badge>
        ) : (
          <Badge tone="success">{t('users.active')}</Badge>
        ),
    },
    createdColumn(t('list.created'), i18n.language),
    actionsColumn({
      width: 'minmax(15rem, auto)',
      can: 'user.manage',
      cell: (u) => (
        <>
          <RowButton name={u.username} onClick={() => setPending({ kind: 'edit', user: u })}>
            {t('actions.edit')}
          </RowButton>
          {u.disabled ? (
            <RowButton
              name={u.username}
              busy={setDisabled.isPending && setDisabled.variables?.id === u.id}
              onClick={() => setDisabled.mutate({ id: u.id, disabled: false })}
            >
              {t('users.enable')}
            </RowButton>
          ) : (
            <RowButton name={u.username} onClick={() => setPending({ kind: 'disable', user: u })}>
              {t('users.disable')}
            </RowButton>
          )}
          <RowButton name={u.username} danger onClick={() => setPending({ kind: 'delete', user: u })}>
            {t('actions.delete')}
          </RowButton>
        </>
      ),
    }),
  ];

  return (
    <AdminPage
      title={t('users.title')}
      description={t('users.description')}
      actions={
        <Can action="user.manage">
          <Button icon="plus" onClick={() => setPending({ kind: 'create' })}>
            {t('users.create')}
          </Button>
        </Can>
      }
    >
      <ActionError error={pending ? null : setDisabled.error} />
      <ListView
        list={users}
        label={t('users.title')}
        columns={columns}
        rowKey={(u) => u.id}
        empty={{ title: t('users.empty') }}
      />
      {pending?.kind === 'create' && <CreateUserDialog onClose={() => setPending(null)} />}
      {pending?.kind === 'edit' && <EditUserDialog user={pending.user} onClose={() => setPending(null)} />}
      <ConfirmDialog
        open={pending?.kind === 'disable'}
        title={t('users.disableTitle', {
          username: pending?.kind === 'disable' ? pending.user.username : '',
        })}
        body={t('users.disableBody')}
        confirmLabel={t('users.disable')}
        onConfirm={() =>
          pending?.kind === 'disable'
            ? setDisabled.mutateAsync({ id: pending.user.id, disabled: true })
            : Promise.resolve()
        }
        onClose={() => setPending(null)}
      />
      <ConfirmDialog
        open={pending?.kind === 'delete'}
        title={t('users.deleteTitle', { username: pending?.kind === 'delete' ? pending.user.username : '' })}
        body={t('users.deleteBody')}
        confirmLabel={t('actions.delete')}
        onConfirm={() =>
          pending?.kind === 'delete' ? remove.mutateAsync(pending.user.id) : Promise.resolve()
        }
        onClose={() => setPending(null)}
      />
    </AdminPage>
  );
}
