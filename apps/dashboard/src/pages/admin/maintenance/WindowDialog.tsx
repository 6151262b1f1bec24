import type { Schema } from '@kiosk-fleet/sdk';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/Button';
import { Dialog } from '../../../components/Dialog';
import { SelectField, TextAreaField, TextField } from '../../../components/Field';
import { FormAlert } from '../components/FormAlert';
import { adminKeys } from '../data/admin-queries';
import { useAdminMutation } from '../data/use-admin-mutation';
import { useAdminForm } from '../forms/use-admin-form';
import { useMessage } from '../forms/use-message';
import {
  createWindowBody,
  emptyWindow,
  validateWindow,
  windowFieldOf,
  type WindowValues,
} from '../forms/window-form';

/**
 * Schedules a maintenance window. Admins pick a kiosk or a tag; operators only their own kiosks (the
 * API refuses them a tag scope), so they get no scope choice.
 */
export function WindowDialog({ allowTagScope, onClose }: { allowTagScope: boolean; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const render = useMessage();
  const formId = useId();
  const create = useAdminMutation(
    (api, body: Schema<'CreateMaintenanceWindowDto'>) => api.POST('/api/v1/maintenance-windows', { body }),
    adminKeys.allWindows,
  );
  const form = useAdminForm({
    initial: () => emptyWindow(),
    validate: (v) => validateWindow(v),
    fieldOf: windowFieldOf,
    submit: (v) => create.mutateAsync(createWindowBody(v)),
    onDone: onClose,
  });
  const kind = form.values.scopeKind;
  return (
    <Dialog
      open
      title={t('windows.create')}
      description={t('windows.description')}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" form={formId} busy={form.submitting}>
            {t('windows.create')}
          </Button>
        </>
      }
    >
      <form id={formId} noValidate onSubmit={(e) => void form.onSubmit(e)} className="space-y-4">
        <FormAlert message={form.formError} />
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          {allowTagScope && (
            <SelectField
              label={t('windows.scopeKind')}
              value={kind}
              onChange={(e) => form.set('scopeKind', e.target.value as WindowValues['scopeKind'])}
              error={render(form.errors.scopeKind)}
            >
              <option value="kiosk">{t('scope.kiosk')}</option>
              <option value="tag">{t('scope.tag')}</option>
            </SelectField>
          )}
          <TextField
            label={kind === 'kiosk' ? t('windows.kioskId') : t('windows.tag')}
            inputMode={kind === 'kiosk' ? 'numeric' : undefined}
            value={form.values.scopeValue}
            onChange={(e) => form.set('scopeValue', e.target.value)}
            error={render(form.errors.scopeValue)}
          />
        </div>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <TextField
            label={t('windows.startsAt')}
            type="datetime-local"
            value={form.values.startsAt}
            onChange={(e) => form.set('startsAt', e.target.value)}
            error={render(form.errors.startsAt)}
          />
          <TextField
            label={t('windows.endsAt')}
            type="datetime-local"
            value={form.values.endsAt}
            onChange={(e) => form.set('endsAt', e.target.value)}
            error={render(form.errors.endsAt)}
            hint={t('windows.endsAtHint')}
          />
        </div>
        <TextAreaField
          label={t('windows.reason')}
          rows={2}
          value={form.values.reason}
          onChange={(e) => form.set('reason', e.target.value)}
          error={render(form.errors.reason)}
          placeholder={t('windows.reasonPlaceholder')}
        />
      </form>
    </Dialog>
  );
}
