import type { Schema } from '@kiosk-fleet/sdk';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckboxField, TextField } from '../../../components/Field';
import { FormDialog } from '../../../components/FormDialog';
import { FormAlert } from '../components/FormAlert';
import { SecretDialog } from '../components/SecretReveal';
import { adminKeys } from '../data/admin-queries';
import { useAdminSave } from '../data/use-admin-mutation';
import { sameNameFields } from '../forms/field-errors';
import { useAdminForm } from '../forms/use-admin-form';
import { useMessage } from '../forms/use-message';
import {
  createWebhookBody,
  emptyWebhook,
  updateWebhookBody,
  validateWebhook,
  WEBHOOK_EVENTS,
  WEBHOOK_FIELDS,
  webhookValues,
  type WebhookValues,
} from '../forms/webhook-form';

type Webhook = Schema<'WebhookDto'>;

/**
 * Creates a webhook (`webhook` absent) or edits one. After a create the dialog turns into the
 * one-time view of the signing secret.
 */
export function WebhookDialog({ webhook, onClose }: { webhook?: Webhook; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const render = useMessage();
  const eventsId = useId();
  const [created, setCreated] = useState<Schema<'CreatedWebhookDto'> | null>(null);
  const save = useAdminSave({
    existing: webhook,
    create: (api, body: Schema<'CreateWebhookDto'>) => api.POST('/api/v1/webhooks', { body }),
    update: (api, id, body: Schema<'UpdateWebhookDto'>) =>
      api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id } }, body }),
    createBody: createWebhookBody,
    updateBody: updateWebhookBody,
    invalidates: adminKeys.webhooks,
  });
  const form = useAdminForm({
    initial: () => (webhook ? webhookValues(webhook) : emptyWebhook()),
    validate: validateWebhook,
    fieldOf: sameNameFields(WEBHOOK_FIELDS),
    submit: save,
    onDone: (result) => (result ? setCreated(result) : onClose()),
  });

  if (created) {
    return (
      <SecretDialog
        title={t('webhooks.createdTitle')}
        description={created.url}
        label={t('webhooks.secret')}
        secret={created.secret}
        onClose={onClose}
      />
    );
  }

  const toggle = (event: WebhookValues['events'][number], on: boolean) =>
    form.set(
      'events',
      on
        ? WEBHOOK_EVENTS.filter((e) => e === event || form.values.events.includes(e))
        : form.values.events.filter((e) => e !== event),
    );
  const eventsError = render(form.errors.events);

  return (
    <FormDialog
      title={webhook ? t('webhooks.editTitle') : t('webhooks.create')}
      onClose={onClose}
      form={form}
      submitLabel={webhook ? t('common:actions.save') : t('webhooks.create')}
      alert={<FormAlert message={form.formError} />}
    >
      <TextField
        label={t('webhooks.url')}
        type="url"
        inputMode="url"
        placeholder="https://hooks.example.com/kiosk-fleet"
        {...form.field('url')}
      />
      <fieldset aria-describedby={eventsError ? `${eventsId}-error` : undefined}>
        <legend className="text-sm font-medium text-slate-700">{t('webhooks.events')}</legend>
        <div className="mt-2 grid grid-cols-1 gap-2 sm:grid-cols-2">
          {WEBHOOK_EVENTS.map((event) => (
            <CheckboxField
              key={event}
              label={<span className="font-mono text-xs">{event}</span>}
              checked={form.values.events.includes(event)}
              onChange={(e) => toggle(event, e.target.checked)}
            />
          ))}
        </div>
        {eventsError && (
          <p id={`${eventsId}-error`} className="mt-1 text-xs font-medium text-red-700">
            {eventsError}
          </p>
        )}
      </fieldset>
      <TextField
        label={webhook ? t('webhooks.newSecret') : t('webhooks.secretOptional')}
        type="password"
        autoComplete="new-password"
        {...form.field('secret')}
        hint={webhook ? t('webhooks.newSecretHint') : t('webhooks.secretHint')}
      />
      <CheckboxField
        label={t('webhooks.active')}
        checked={form.values.active}
        onChange={(e) => form.set('active', e.target.checked)}
      />
    </FormDialog>
  );
}
