import type { Schema } from '@kiosk-fleet/sdk';
import { useTranslation } from 'react-i18next';
import { SelectField, TextAreaField, TextField } from '../../../components/Field';
import { FormDialog } from '../../../components/FormDialog';
import { FormAlert } from '../components/FormAlert';
import { adminKeys } from '../data/admin-queries';
import { useAdminSave } from '../data/use-admin-mutation';
import { sameNameFields } from '../forms/field-errors';
import {
  createPolicyBody,
  emptyPolicy,
  POLICY_FIELDS,
  policyValues,
  SEVERITIES,
  updatePolicyBody,
  validatePolicy,
} from '../forms/policy-form';
import { useAdminForm } from '../forms/use-admin-form';

type Policy = Schema<'NotificationPolicyDto'>;

export function PolicyDialog({ policy, onClose }: { policy?: Policy; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const save = useAdminSave({
    existing: policy,
    create: (api, body: Schema<'CreateNotificationPolicyDto'>) =>
      api.POST('/api/v1/notification-policies', { body }),
    update: (api, id, body: Schema<'UpdateNotificationPolicyDto'>) =>
      api.PATCH('/api/v1/notification-policies/{id}', { params: { path: { id } }, body }),
    createBody: createPolicyBody,
    updateBody: updatePolicyBody,
    invalidates: adminKeys.policies,
  });
  const form = useAdminForm({
    initial: () => (policy ? policyValues(policy) : emptyPolicy()),
    validate: validatePolicy,
    fieldOf: sameNameFields(POLICY_FIELDS),
    submit: save,
    onDone: onClose,
  });
  return (
    <FormDialog
      title={policy ? t('policies.editTitle') : t('policies.create')}
      description={t('policies.description')}
      onClose={onClose}
      form={form}
      submitLabel={policy ? t('common:actions.save') : t('policies.create')}
      alert={<FormAlert message={form.formError} />}
    >
      <TextAreaField
        label={t('policies.recipients')}
        rows={2}
        {...form.field('recipients')}
        hint={t('policies.recipientsHint')}
        placeholder="oncall@example.com, fleet@example.com"
      />
      <SelectField label={t('policies.minSeverity')} {...form.field('minSeverity')}>
        {SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {t(`severity.${s}`)}
          </option>
        ))}
      </SelectField>
      <TextField label={t('policies.tags')} {...form.field('tags')} hint={t('policies.tagsHint')} />
    </FormDialog>
  );
}
