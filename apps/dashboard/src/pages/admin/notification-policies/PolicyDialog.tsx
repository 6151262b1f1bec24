import type { Schema } from '@kiosk-fleet/sdk';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/Button';
import { Dialog } from '../../../components/Dialog';
import { SelectField, TextAreaField, TextField } from '../../../components/Field';
import { FormAlert } from '../components/FormAlert';
import { adminKeys } from '../data/admin-queries';
import { useAdminMutation } from '../data/use-admin-mutation';
import { sameNameFields } from '../forms/field-errors';
import {
  createPolicyBody,
  emptyPolicy,
  POLICY_FIELDS,
  policyValues,
  SEVERITIES,
  updatePolicyBody,
  validatePolicy,
  type Severity,
} from '../forms/policy-form';
import { useAdminForm } from '../forms/use-admin-form';
import { useMessage } from '../forms/use-message';

type Policy = Schema<'NotificationPolicyDto'>;

export function PolicyDialog({ policy, onClose }: { policy?: Policy; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const render = useMessage();
  const formId = useId();
  const create = useAdminMutation(
    (api, body: Schema<'CreateNotificationPolicyDto'>) => api.POST('/api/v1/notification-policies', { body }),
    adminKeys.policies,
  );
  const update = useAdminMutation(
    (api, vars: { id: string; body: Schema<'UpdateNotificationPolicyDto'> }) =>
      api.PATCH('/api/v1/notification-policies/{id}', { params: { path: { id: vars.id } }, body: vars.body }),
    adminKeys.policies,
  );
  const form = useAdminForm({
    initial: () => (policy ? policyValues(policy) : emptyPolicy()),
    validate: validatePolicy,
    fieldOf: sameNameFields(POLICY_FIELDS),
    submit: async (v) => {
      if (!policy) return void (await create.mutateAsync(createPolicyBody(v)));
      const body = updatePolicyBody(policy, v);
      if (Object.keys(body).length > 0) await update.mutateAsync({ id: policy.id, body });
    },
    onDone: onClose,
  });
  return (
    <Dialog
      open
      title={policy ? t('policies.editTitle') : t('policies.create')}
      description={t('policies.description')}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" form={formId} busy={form.submitting}>
            {policy ? t('common:actions.save') : t('policies.create')}
          </Button>
        </>
      }
    >
      <form id={formId} noValidate onSubmit={(e) => void form.onSubmit(e)} className="space-y-4">
        <FormAlert message={form.formError} />
        <TextAreaField
          label={t('policies.recipients')}
          rows={2}
          value={form.values.recipients}
          onChange={(e) => form.set('recipients', e.target.value)}
          error={render(form.errors.recipients)}
          hint={t('policies.recipientsHint')}
          placeholder="oncall@example.com, fleet@example.com"
        />
        <SelectField
          label={t('policies.minSeverity')}
          value={form.values.minSeverity}
          onChange={(e) => form.set('minSeverity', e.target.value as Severity)}
          error={render(form.errors.minSeverity)}
        >
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {t(`severity.${s}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('policies.tags')}
          value={form.values.tags}
          onChange={(e) => form.set('tags', e.target.value)}
          error={render(form.errors.tags)}
          hint={t('policies.tagsHint')}
        />
      </form>
    </Dialog>
  );
}
