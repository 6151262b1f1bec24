import type { Schema } from '@kiosk-fleet/sdk';
import { useTranslation } from 'react-i18next';
import { CheckboxField, SelectField, TextField } from '../../../components/Field';
import { FormDialog } from '../../../components/FormDialog';
import { FormAlert } from '../components/FormAlert';
import { adminKeys } from '../data/admin-queries';
import { useAdminSave } from '../data/use-admin-mutation';
import { SEVERITIES } from '../forms/policy-form';
import {
  createRuleBody,
  emptyRule,
  ruleFieldOf,
  ruleValues,
  SCOPE_KINDS,
  updateRuleBody,
  validateRule,
  type AlertRule,
} from '../forms/rule-form';
import { useAdminForm } from '../forms/use-admin-form';
import { ConditionEditor } from './ConditionEditor';

export function RuleDialog({ rule, onClose }: { rule?: AlertRule; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const save = useAdminSave({
    existing: rule,
    create: (api, body: Schema<'CreateAlertRuleDto'>) => api.POST('/api/v1/alert-rules', { body }),
    update: (api, id, body: Schema<'UpdateAlertRuleDto'>) =>
      api.PATCH('/api/v1/alert-rules/{id}', { params: { path: { id } }, body }),
    createBody: createRuleBody,
    updateBody: updateRuleBody,
    invalidates: adminKeys.alertRules,
  });
  const form = useAdminForm({
    initial: () => (rule ? ruleValues(rule) : emptyRule()),
    validate: validateRule,
    fieldOf: ruleFieldOf,
    submit: save,
    onDone: onClose,
  });
  const v = form.values;
  return (
    <FormDialog
      size="lg"
      title={rule ? t('rules.editTitle') : t('rules.create')}
      description={rule ? t('rules.editWarning') : undefined}
      onClose={onClose}
      form={form}
      submitLabel={rule ? t('common:actions.save') : t('rules.create')}
      alert={<FormAlert message={form.formError} />}
    >
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-[2fr_1fr]">
        <TextField label={t('rules.name')} {...form.field('name')} />
        <SelectField label={t('rules.severity')} {...form.field('severity')}>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {t(`severity.${s}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <SelectField label={t('rules.scope')} {...form.field('scopeKind')}>
          {SCOPE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`scope.${k}`)}
            </option>
          ))}
        </SelectField>
        {v.scopeKind !== 'all' && (
          <TextField
            label={v.scopeKind === 'kiosk' ? t('windows.kioskId') : t('windows.tag')}
            inputMode={v.scopeKind === 'kiosk' ? 'numeric' : undefined}
            {...form.field('scopeValue')}
          />
        )}
      </div>
      <ConditionEditor form={form} />
      <CheckboxField
        label={t('rules.enabled')}
        checked={v.enabled}
        onChange={(e) => form.set('enabled', e.target.checked)}
      />
    </FormDialog>
  );
}
