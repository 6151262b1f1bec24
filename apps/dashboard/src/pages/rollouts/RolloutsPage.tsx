import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { Can } from '../../auth/Can';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { EmptyState } from '../../components/EmptyState';
import { PagedList } from '../../components/PagedList';
import { PageHeader } from '../../components/PageHeader';
import { Table, type Column } from '../../components/Table';
import { ActionError } from '../admin/components/FormAlert';
import { actionsColumn, createdColumn, RowButton } from '../admin/components/RowActions';
import { CreateRolloutDialog } from './CreateRolloutDialog';
import { actionsFor, useRolloutAction, useRolloutList, type Rollout } from './queries';
import { RolloutStatusBadge, TargetText, WavesSummary } from './RolloutParts';

/** Staged firmware rollouts, newest first, with each wave's progress; admins create and steer them. */
export default function RolloutsPage() {
  const { t, i18n } = useTranslation('rollouts');
  const navigate = useNavigate();
  const list = useRolloutList();
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const [creating, setCreating] = useState(false);
  const action = useRolloutAction();
  const open = useCallback((r: Rollout) => navigate(`/rollouts/${r.id}`), [navigate]);

  const columns: Column<Rollout>[] = [
    {
      key: 'name',
      header: t('fields.name'),
      width: 'minmax(12rem, 2fr)',
      cell: (r) => (
        <Link
          to={`/rollouts/${r.id}`}
          // The row is the keyboard stop (Enter opens it); the link serves the mouse and link lists.
          tabIndex={-1}
          onClick={(e) => e.stopPropagation()}
          className="font-medium text-slate-900 hover:text-indigo-700 hover:underline"
        >
          {r.name}
        </Link>
      ),
    },
    {
      key: 'status',
      header: t('fields.status'),
      width: '7rem',
      cell: (r) => <RolloutStatusBadge status={r.status} />,
    },
    { key: 'version', header: t('fields.version'), width: '6rem', cell: (r) => r.params.version },
    {
      key: 'target',
      header: t('fields.target'),
      width: 'minmax(8rem, 1fr)',
      cell: (r) => <TargetText rollout={r} />,
    },
    {
      key: 'waves',
      header: t('fields.progress'),
      width: 'minmax(14rem, 2fr)',
      cell: (r) => <WavesSummary rollout={r} />,
    },
    createdColumn<Rollout>(t('fields.createdAt'), i18n.language, '10rem'),
    actionsColumn<Rollout>({
      width: '7rem',
      can: 'rollout.manage',
      // Cancelling asks first: it is on the rollout's page, not a click away in a list.
      cell: (r) => {
        const next = actionsFor(r.status).filter((a) => a !== 'cancel');
        if (next.length === 0) return null;
        return next.map((a) => (
          <RowButton
            key={a}
            name={r.name}
            busy={action.isPending && action.variables?.id === r.id}
            onClick={() => action.mutate({ id: r.id, action: a })}
          >
            {t(`actions.${a}`)}
          </RowButton>
        ));
      },
    }),
  ];

  return (
    <div className="space-y-6">
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        actions={
          <Can action="rollout.manage">
            <Button icon="plus" onClick={() => setCreating(true)}>
              {t('create.open')}
            </Button>
          </Can>
        }
      />
      <ActionError error={action.error} />
      <Card bodyClassName="">
        <PagedList list={list} shown={t('list.shown', { count: rows.length })} more={t('list.more')}>
          {rows.length === 0 ? (
            <EmptyState icon="download" title={t('list.empty')} body={t('list.emptyBody')} />
          ) : (
            <Table
              label={t('title')}
              rows={rows}
              columns={columns}
              rowKey={(r) => r.id}
              onRowClick={open}
              minWidth="60rem"
              rowHeight={64}
            />
          )}
        </PagedList>
      </Card>
      {creating && (
        <CreateRolloutDialog
          onClose={() => setCreating(false)}
          onCreated={(r) => {
            setCreating(false);
            navigate(`/rollouts/${r.id}`);
          }}
        />
      )}
    </div>
  );
}
