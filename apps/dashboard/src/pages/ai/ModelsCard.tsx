import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors';
import { Can, useAuth } from '../../auth';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { Dialog } from '../../components/Dialog';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Table, type Column } from '../../components/Table';
import { useActivateModel, useModels, useRollbackModel, type AiModel } from './queries';

const STATUS_TONE: Record<AiModel['status'], BadgeTone> = {
  active: 'success',
  candidate: 'info',
  retired: 'neutral',
};

type Pending = { kind: 'activate'; version: string } | { kind: 'rollback' };

/** The anomaly models with their held-out metrics; admins activate one or roll back to the previous. */
export function ModelsCard() {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const models = useModels();
  const activate = useActivateModel();
  const rollback = useRollbackModel();
  const [pending, setPending] = useState<Pending | null>(null);
  const mayActivate = can('ai.activate');

  const columns = useMemo<Column<AiModel>[]>(() => {
    const pct = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
    const metric = (v: number | null) => (v === null ? '—' : pct.format(v));
    const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
    return [
      {
        key: 'version',
        header: t('ai:models.version'),
        width: 'minmax(14rem, 2fr)',
        cell: (m) => (
          <span className="flex min-w-0 flex-col leading-tight">
            <span className="truncate font-mono text-xs text-slate-900" title={m.version}>
              {m.version}
            </span>
            <span className="truncate text-xs text-slate-600">
              {t(`ai:algorithm.${m.algorithm}`)} · {date.format(new Date(m.createdAt))}
            </span>
          </span>
        ),
      },
      {
        key: 'status',
        header: t('ai:models.status'),
        width: '7rem',
        cell: (m) => (
          <span title={m.reason ?? undefined}>
            <Badge tone={STATUS_TONE[m.status]}>{t(`ai:status.${m.status}`)}</Badge>
          </span>
        ),
      },
      { key: 'f1', header: 'F1', width: '5rem', align: 'right', cell: (m) => metric(m.metrics.f1) },
      {
        key: 'precision',
        header: t('ai:models.precision'),
        width: '6rem',
        align: 'right',
        cell: (m) => metric(m.metrics.precision),
      },
      {
        key: 'recall',
        header: t('ai:models.recall'),
        width: '6rem',
        align: 'right',
        cell: (m) => metric(m.metrics.recall),
      },
      {
        key: 'fpr',
        header: t('ai:models.fpr'),
        width: '6rem',
        align: 'right',
        cell: (m) => metric(m.metrics.falsePositiveRate),
      },
      { key: 'roc', header: 'ROC AUC', width: '6rem', align: 'right', cell: (m) => metric(m.metrics.rocAuc) },
      ...(mayActivate
        ? [
            {
              key: 'actions',
              header: <span className="sr-only">{t('ai:models.actions')}</span>,
              width: '7rem',
              cell: (m: AiModel) =>
                m.status === 'active' ? null : (
                  <Button
                    size="sm"
                    variant="secondary"
                    aria-label={t('ai:models.activateNamed', { version: m.version })}
                    onClick={() => setPending({ kind: 'activate', version: m.version })}
                  >
                    {t('ai:models.activate')}
                  </Button>
                ),
            },
          ]
        : []),
    ];
  }, [t, i18n.language, mayActivate]);

  const mutation = pending?.kind === 'rollback' ? rollback : activate;
  // A refusal shown last time must not greet the next confirmation.
  const dismiss = () => {
    activate.reset();
    rollback.reset();
    setPending(null);
  };
  const confirm = () => {
    if (!pending) return;
    const close = { onSuccess: dismiss };
    if (pending.kind === 'rollback') rollback.mutate(undefined, close);
    else activate.mutate(pending.version, close);
  };

  return (
    <Card
      title={t('ai:models.title')}
      description={t('ai:models.description')}
      bodyClassName="p-2 sm:p-4"
      actions={
        <Can action="ai.activate">
          <Button variant="secondary" icon="refresh" onClick={() => setPending({ kind: 'rollback' })}>
            {t('ai:models.rollback')}
          </Button>
        </Can>
      }
    >
      {models.isError ? (
        <ErrorState error={models.error} onRetry={() => void models.refetch()} />
      ) : (
        <Table
          label={t('ai:models.title')}
          rows={models.data?.items ?? []}
          columns={columns}
          rowKey={(m) => m.version}
          rowHeight={52}
          minWidth="50rem"
          maxHeight="24rem"
          empty={
            <EmptyState icon="ai" title={models.isPending ? t('common:loading') : t('ai:models.empty')} />
          }
        />
      )}
      {pending && (
        <Dialog
          open
          size="sm"
          onClose={dismiss}
          title={pending.kind === 'rollback' ? t('ai:models.rollbackTitle') : t('ai:models.activateTitle')}
          description={
            pending.kind === 'rollback'
              ? t('ai:models.rollbackBody')
              : t('ai:models.activateBody', { version: pending.version })
          }
          footer={
            <>
              <Button variant="secondary" onClick={dismiss}>
                {t('common:actions.cancel')}
              </Button>
              <Button busy={mutation.isPending} onClick={confirm}>
                {t('common:actions.confirm')}
              </Button>
            </>
          }
        >
          {mutation.isError ? (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
              {errorMessage(mutation.error, t)}
            </p>
          ) : (
            <p className="text-sm text-slate-700">{t('ai:models.swapNote')}</p>
          )}
        </Dialog>
      )}
    </Card>
  );
}
