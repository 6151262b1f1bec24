import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/Button';
import { SelectField, TextField } from '../../../components/Field';
import {
  COMPARISON_OPS,
  EQUALITY_OPS,
  FIELD_VALUES,
  newClause,
  PAYMENT_METHODS,
  TELEMETRY_FIELDS,
  withField,
  type ClauseValues,
  type ComparisonOp,
  type ConditionKind,
  type PaymentMethod,
  type TelemetryField,
} from '../forms/condition';
import { fieldLabelKey } from '../forms/describe-condition';
import type { AdminForm } from '../forms/use-admin-form';
import { useMessage } from '../forms/use-message';
import type { RuleField, RuleValues } from '../forms/rule-form';

const MAX_CLAUSES = 20;

function ClauseRow({
  form,
  index,
  clause,
}: {
  form: AdminForm<RuleValues, RuleField>;
  index: number;
  clause: ClauseValues;
}) {
  const { t } = useTranslation('admin');
  const render = useMessage();
  const clauses = form.values.clauses;
  const update = (next: ClauseValues) =>
    form.set(
      'clauses',
      clauses.map((c, i) => (i === index ? next : c)),
    );
  const values = FIELD_VALUES[clause.field];
  const ops = values === 'number' ? COMPARISON_OPS : EQUALITY_OPS;
  const n = index + 1;
  return (
    <div className="grid grid-cols-1 items-start gap-2 rounded-md bg-slate-50 p-2 sm:grid-cols-[2fr_6rem_1.3fr_auto]">
      <SelectField
        label={t('rules.clauseField', { n })}
        value={clause.field}
        onChange={(e) => update(withField(clause, e.target.value as TelemetryField))}
        error={render(form.errors[`clauses.${index}.field`])}
      >
        {TELEMETRY_FIELDS.map((f) => (
          <option key={f} value={f}>
            {t(fieldLabelKey(f))}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t('rules.clauseOp', { n })}
        value={clause.op}
        onChange={(e) => update({ ...clause, op: e.target.value as ComparisonOp })}
        error={render(form.errors[`clauses.${index}.op`])}
      >
        {ops.map((op) => (
          <option key={op} value={op}>
            {op}
          </option>
        ))}
      </SelectField>
      {values === 'number' ? (
        <TextField
          label={t('rules.clauseValue', { n })}
          inputMode="decimal"
          value={clause.value}
          onChange={(e) => update({ ...clause, value: e.target.value })}
          error={render(form.errors[`clauses.${index}.value`])}
        />
      ) : (
        <SelectField
          label={t('rules.clauseValue', { n })}
          value={clause.value}
          onChange={(e) => update({ ...clause, value: e.target.value })}
          error={render(form.errors[`clauses.${index}.value`])}
        >
          {values.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </SelectField>
      )}
      <div className="sm:pt-6">
        <Button
          size="sm"
          variant="ghost"
          disabled={clauses.length === 1}
          onClick={() =>
            form.set(
              'clauses',
              clauses.filter((_, i) => i !== index),
            )
          }
        >
          {t('rules.removeClause', { n })}
        </Button>
      </div>
    </div>
  );
}

/** Edits a rule's condition: telemetry clauses (one, or all/any of several), liveness, or a payment rate. */
export function ConditionEditor({ form }: { form: AdminForm<RuleValues, RuleField> }) {
  const { t } = useTranslation('admin');
  const render = useMessage();
  const v = form.values;
  return (
    <div className="space-y-3">
      <SelectField
        label={t('rules.conditionKind')}
        value={v.conditionKind}
        onChange={(e) => form.set('conditionKind', e.target.value as ConditionKind)}
      >
        <option value="telemetry">{t('rules.kinds.telemetry')}</option>
        <option value="liveness">{t('rules.kinds.liveness')}</option>
        <option value="rate">{t('rules.kinds.rate')}</option>
      </SelectField>

      {v.conditionKind === 'telemetry' && (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">{t('rules.clauses')}</legend>
          {v.clauses.length > 1 && (
            <SelectField
              label={t('rules.combinator')}
              className="w-full sm:w-72"
              value={v.combinator}
              onChange={(e) => form.set('combinator', e.target.value as 'all' | 'any')}
            >
              <option value="all">{t('rules.all')}</option>
              <option value="any">{t('rules.any')}</option>
            </SelectField>
          )}
          {v.clauses.map((c, i) => (
            <ClauseRow key={i} form={form} index={i} clause={c} />
          ))}
          {form.errors.clauses && (
            <p className="text-xs font-medium text-red-700" role="alert">
              {render(form.errors.clauses)}
            </p>
          )}
          <Button
            size="sm"
            variant="secondary"
            icon="plus"
            disabled={v.clauses.length >= MAX_CLAUSES}
            onClick={() => form.set('clauses', [...v.clauses, newClause()])}
          >
            {t('rules.addClause')}
          </Button>
          <TextField
            label={t('rules.forSeconds')}
            inputMode="numeric"
            className="sm:w-72"
            value={v.forSeconds}
            onChange={(e) => form.set('forSeconds', e.target.value)}
            error={render(form.errors.forSeconds)}
            hint={t('rules.forSecondsHint')}
          />
        </fieldset>
      )}

      {v.conditionKind === 'liveness' && (
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <SelectField
            label={t('rules.liveness')}
            value={v.liveness}
            onChange={(e) => form.set('liveness', e.target.value as 'stale' | 'offline')}
            error={render(form.errors.liveness)}
          >
            <option value="stale">{t('common:status.stale')}</option>
            <option value="offline">{t('common:status.offline')}</option>
          </SelectField>
          <TextField
            label={t('rules.livenessForSeconds')}
            inputMode="numeric"
            value={v.livenessForSeconds}
            onChange={(e) => form.set('livenessForSeconds', e.target.value)}
            error={render(form.errors.livenessForSeconds)}
          />
        </div>
      )}

      {v.conditionKind === 'rate' && (
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          <SelectField
            label={t('rules.rateMethod')}
            value={v.rateMethod}
            onChange={(e) => form.set('rateMethod', e.target.value as PaymentMethod | '')}
            error={render(form.errors.rateMethod)}
          >
            <option value="">{t('rules.anyMethod')}</option>
            {PAYMENT_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`rules.methods.${m}`)}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t('rules.rateCount')}
            inputMode="numeric"
            value={v.rateCount}
            onChange={(e) => form.set('rateCount', e.target.value)}
            error={render(form.errors.rateCount)}
          />
          <TextField
            label={t('rules.rateWithinSeconds')}
            inputMode="numeric"
            value={v.rateWithinSeconds}
            onChange={(e) => form.set('rateWithinSeconds', e.target.value)}
            error={render(form.errors.rateWithinSeconds)}
          />
        </div>
      )}
    </div>
  );
}
