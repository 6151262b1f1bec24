import type { Schema } from '@kiosk-fleet/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useApi } from '../../../api/ApiProvider';
import { TextField } from '../../../components/Field';
import { FormDialog } from '../../../components/FormDialog';
import { FormAlert } from '../components/FormAlert';
import { formatDateTime } from '../components/format';
import { BACKTEST_FIELDS, backtestBody, defaultBacktest, validateBacktest } from '../forms/backtest-form';
import { sameNameFields } from '../forms/field-errors';
import type { AlertRule } from '../forms/rule-form';
import { useAdminForm } from '../forms/use-admin-form';

type Result = Schema<'BacktestResultDto'>;

function BacktestResult({ result }: { result: Result }) {
  const { t, i18n } = useTranslation('admin');
  const kiosks = [...result.kiosks].sort((a, b) => b.count - a.count || a.kioskId - b.kioskId);
  const max = Math.max(1, ...kiosks.map((k) => k.count));
  return (
    <section aria-labelledby="backtest-result" className="mt-5 border-t border-slate-200 pt-4">
      <h3 id="backtest-result" className="text-sm font-semibold text-slate-900">
        {t('backtest.result')}
      </h3>
      <p
        className="mt-1 text-2xl font-semibold tabular-nums text-slate-900"
        data-testid="backtest-would-raise"
      >
        {t('backtest.wouldRaise', { count: result.wouldRaise })}
      </p>
      <p className="text-sm text-slate-600">{t('backtest.kiosks', { count: kiosks.length })}</p>
      {kiosks.length > 0 && (
        <table className="mt-3 w-full text-left text-sm">
          <caption className="sr-only">{t('backtest.perKiosk')}</caption>
          <thead className="text-xs uppercase tracking-wide text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-3 font-semibold">
                {t('backtest.kiosk')}
              </th>
              <th scope="col" className="py-1 pr-3 font-semibold">
                {t('backtest.alerts')}
              </th>
              <th scope="col" className="py-1 font-semibold">
                {t('backtest.firstAt')}
              </th>
            </tr>
          </thead>
          <tbody>
            {kiosks.map((k) => (
              <tr key={k.kioskId} className="border-t border-slate-100">
                <td className="py-1.5 pr-3">
                  <Link to={`/kiosks/${k.kioskId}`} className="font-medium text-indigo-700 hover:underline">
                    #{k.kioskId}
                  </Link>
                </td>
                <td className="py-1.5 pr-3">
                  <span className="flex items-center gap-2">
                    <span className="w-8 text-right tabular-nums">{k.count}</span>
                    <span
                      aria-hidden="true"
                      className="h-2 rounded bg-indigo-500"
                      style={{ width: `${Math.max(4, (k.count / max) * 120)}px` }}
                    />
                  </span>
                </td>
                <td className="py-1.5 text-slate-700">{formatDateTime(k.firstAt, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Replays stored telemetry through a rule: how many alerts it would have raised, where and when. */
export function BacktestDialog({ rule, onClose }: { rule: AlertRule; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const api = useApi();
  const [result, setResult] = useState<Result | null>(null);
  const form = useAdminForm({
    initial: () => defaultBacktest(),
    validate: validateBacktest,
    fieldOf: sameNameFields(BACKTEST_FIELDS),
    submit: (v) =>
      api.POST('/api/v1/alert-rules/{id}/backtest', {
        params: { path: { id: rule.id } },
        body: backtestBody(v),
      }),
    onDone: setResult,
  });
  return (
    <FormDialog
      size="lg"
      title={t('backtest.title', { name: rule.name })}
      description={t('backtest.description')}
      onClose={onClose}
      form={form}
      submitLabel={t('backtest.run')}
      cancelLabel={t('common:actions.close')}
      alert={<FormAlert message={form.formError} />}
      spaced={false}
      after={<div aria-live="polite">{result && <BacktestResult result={result} />}</div>}
    >
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <TextField label={t('backtest.from')} type="datetime-local" {...form.field('from')} />
        <TextField
          label={t('backtest.to')}
          type="datetime-local"
          {...form.field('to')}
          hint={t('backtest.rangeHint')}
        />
      </div>
    </FormDialog>
  );
}
