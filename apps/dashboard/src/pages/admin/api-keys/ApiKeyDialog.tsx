import type { Schema } from '@kiosk-fleet/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../../components/Field';
import { FormDialog } from '../../../components/FormDialog';
import { FormAlert } from '../components/FormAlert';
import { SecretDialog } from '../components/SecretReveal';
import { adminKeys } from '../data/admin-queries';
import { useAdminMutation } from '../data/use-admin-mutation';
import {
  API_KEY_FIELDS,
  API_KEY_ROLES,
  createApiKeyBody,
  emptyApiKey,
  validateApiKey,
} from '../forms/api-key-form';
import { sameNameFields } from '../forms/field-errors';
import { useAdminForm } from '../forms/use-admin-form';

/** Creates an API key, then shows the key itself: the only time the API ever returns it. */
export function CreateApiKeyDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('admin');
  const [created, setCreated] = useState<Schema<'CreatedApiKeyDto'> | null>(null);
  const create = useAdminMutation(
    (api, body: Schema<'CreateApiKeyDto'>) => api.POST('/api/v1/api-keys', { body }),
    adminKeys.apiKeys,
  );
  const form = useAdminForm({
    initial: emptyApiKey,
    validate: (v) => validateApiKey(v),
    fieldOf: sameNameFields(API_KEY_FIELDS),
    submit: (v) => create.mutateAsync(createApiKeyBody(v)),
    onDone: setCreated,
  });

  if (created) {
    return (
      <SecretDialog
        title={t('apiKeys.createdTitle', { name: created.apiKey.name })}
        label={t('apiKeys.key')}
        secret={created.key}
        onClose={onClose}
      >
        <p className="mt-3 text-xs text-slate-600">{t('apiKeys.usage')}</p>
      </SecretDialog>
    );
  }

  return (
    <FormDialog
      title={t('apiKeys.create')}
      onClose={onClose}
      form={form}
      submitLabel={t('apiKeys.create')}
      alert={<FormAlert message={form.formError} />}
    >
      <TextField
        label={t('apiKeys.name')}
        {...form.field('name')}
        placeholder={t('apiKeys.namePlaceholder')}
      />
      <SelectField label={t('apiKeys.role')} {...form.field('role')} hint={t('apiKeys.roleHint')}>
        {API_KEY_ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`common:roles.${r}`)}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t('apiKeys.tags')}
        {...form.field('tags')}
        hint={t('apiKeys.tagsHint')}
        placeholder="station, buenos-aires"
      />
      <TextField
        label={t('apiKeys.expiresAt')}
        type="datetime-local"
        {...form.field('expiresAt')}
        hint={t('apiKeys.expiresAtHint')}
      />
    </FormDialog>
  );
}
