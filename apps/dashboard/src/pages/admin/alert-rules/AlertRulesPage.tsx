import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Can } from '../../../auth/Can';
import { Badge, SEVERITY_TONE } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import type { Column } from '../../../components/Table';
import { AdminPage } from '../components/AdminPage';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ActionError } from '../components/FormAlert';
import { ListView } from '../components/ListView';
import { actionsColumn, RowButton } from '../components/RowActions';
import { adminKeys, useAlertRules } from '../data/admin-queries';
import { useAdminMutation } from '../data/use-admin-mutation';
import { isTelemetryCondition } from '../forms/condition';
import { describeCondition } from '../forms/describe-condition';
import type { AlertRule } from '../forms/rule-form';
import { BacktestDialog } from './BacktestDialog';
import { RuleDialog } from './RuleDialog';

type Pending = { kind: 'create' } | { kind: 'edit' | 'delete' | 'backtest'; rule: AlertRule } | null;

export default function AlertRulesPage() {
  const { t } = useTranslation('admin');
  const rules = useAlertRules();
  const [pending, setPending] = useState<Pending>(null);
  const remove = useAdminMutation(
    (api, id: string) => api.DELETE('/api/v1/alert-rules/{id}', { params: { path: { id } } }),
    adminKeys.alertRules,
  );
  const setEnabled = useAdminMutation(
    (api, vars: { id: string; enabled: boolean }) =>
      api.PATCH('/api/v1/alert-rules/{id}', {
        params: { path: { id: vars.id } },
        body: { enabled: vars.enabled },
      }),
    adminKeys.alertRules,
  );

  const scopeText = (r: AlertRule) =>
    r.scope.kind === 'all' ? t('scope.all') : `${t(`scope.${r.scope.kind}`)}: ${String(r.scope.value ?? '')}`;

  const columns: Column<AlertRule>[] = [
    {
      key: 'name',
      header: t('rules.name'),
      width: 'minmax(10rem, 1.5fr)',
      cell: (r) => <span className="font-medium text-slate-900">{r.name}</span>,
    },
    {
      key: 'severity',
      header: t('rules.severity'),
      width: '7rem',
      cell: (r) => <Badge tone={SEVERITY_TONE[r.severity]}>{t(`severity.${r.severity}`)}</Badge>,
    },
    {
      key: 'condition',
      header: t('rules.condition'),
      width: 'minmax(14rem, 3fr)',
      cell: (r) => {
        const text =
          describeCondition(r.condition, t) +
          (r.forSeconds > 0 ? ` · ${t('describe.for', { seconds: r.forSeconds })}` : '');
        return <span title={text}>{text}</span>;
      },
    },
    { key: 'scope', header: t('rules.scope'), width: 'minmax(7rem, 1fr)', cell: scopeText },
    {
      key: 'enabled',
      header: t('rules.state'),
      width: '7rem',
      cell: (r) =>
        r.enabled ? <Badge tone="success">{t('rules.on')}</Badge> : <Badge>{t('rules.off')}</Badge>,
    },
    actionsColumn({
      width: 'minmax(19rem, auto)',
      can: 'alertRule.manage',
      cell: (r) => (
        <>
          <RowButton
            name={r.name}
            disabled={!isTelemetryCondition(r.condition)}
            title={isTelemetryCondition(r.condition) ? undefined : t('backtest.telemetryOnly')}
            onClick={() => setPending({ kind: 'backtest', rule: r })}
          >
            {t('backtest.open')}
          </RowButton>
          <RowButton
            name={r.name}
            busy={setEnabled.isPending && setEnabled.variables?.id === r.id}
            onClick={() => setEnabled.mutate({ id: r.id, enabled: !r.enabled })}
          >
            {r.enabled ? t('rules.disable') : t('rules.enable')}
          </RowButton>
          <RowButton name={r.name} onClick={() => setPending({ kind: 'edit', rule: r })}>
            {t('actions.edit')}
          </RowButton>
          <RowButton name={r.name} danger onClick={() => setPending({ kind: 'delete', rule: r })}>
            {t('actions.delete')}
          </RowButton>
        </>
      ),
    }),
  ];

  return (
    <AdminPage
      title={t('rules.title')}
      description={t('rules.description')}
      actions={
        <Can action="alertRule.manage">
          <Button icon="plus" onClick={() => setPending({ kind: 'create' })}>
            {t('rules.create')}
          </Button>
        </Can>
      }
    >
      <ActionError error={setEnabled.error} />
      <ListView
        list={rules}
        label={t('rules.title')}
        columns={columns}
        rowKey={(r) => r.id}
        minWidth="66rem"
        empty={{ title: t('rules.empty'), body: t('rules.emptyBody') }}
      />
      {pending?.kind === 'create' && <RuleDialog onClose={() => setPending(null)} />}
      {pending?.kind === 'edit' && <RuleDialog rule={pending.rule} onClose={() => setPending(null)} />}
      {pending?.kind === 'backtest' && (
        <BacktestDialog rule={pending.rule} onClose={() => setPending(null)} />
      )}
      <ConfirmDialog
        open={pending?.kind === 'delete'}
        title={t('rules.deleteTitle', { name: pending?.kind === 'delete' ? pending.rule.name : '' })}
        body={t('rules.deleteBody')}
        confirmLabel={t('actions.delete')}
        onConfirm={() =>
          pending?.kind === 'delete' ? remove.mutateAsync(pending.rule.id) : Promise.resolve()
        }
        onClose={() => setPending(null)}
      />
    </AdminPage>
  );
}
