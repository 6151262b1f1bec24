import type { Schema } from '@kiosk-fleet/sdk';
import { useTranslation } from 'react-i18next';
import { SelectField, TextAreaField, TextField } from '../../../components/Field';
import { FormDialog } from '../../../components/FormDialog';
import { FormAlert } from '../components/FormAlert';
import { adminKeys } from '../data/admin-queries';
import { useAdminMutation } from '../data/use-admin-mutation';
import { useAdminForm } from '../forms/use-admin-form';
import { createWindowBody, emptyWindow, validateWindow, windowFieldOf } from '../forms/window-form';

/**
 * Schedules a maintenance window. Admins pick a kiosk or a tag; operators only their own kiosks (the
 * API refuses them a tag scope), so they get no scope choice.
 */
export function WindowDialog({ allowTagScope, onClose }: { allowTagScope: boolean; onClose: () => void }) {
  const { t } = useTranslation('admin');
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
    <FormDialog
      title={t('windows.create')}
      description={t('windows.description')}
      onClose={onClose}
      form={form}
      submitLabel={t('windows.create')}
      alert={<FormAlert message={form.formError} />}
    >
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        {allowTagScope && (
          <SelectField label={t('windows.scopeKind')} {...form.field('scopeKind')}>
            <option value="kiosk">{t('scope.kiosk')}</option>
            <option value="tag">{t('scope.tag')}</option>
          </SelectField>
        )}
        <TextField
          label={kind === 'kiosk' ? t('windows.kioskId') : t('windows.tag')}
          inputMode={kind === 'kiosk' ? 'numeric' : undefined}
          {...form.field('scopeValue')}
        />
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <TextField label={t('windows.startsAt')} type="datetime-local" {...form.field('startsAt')} />
        <TextField
          label={t('windows.endsAt')}
          type="datetime-local"
          {...form.field('endsAt')}
          hint={t('windows.endsAtHint')}
        />
      </div>
      <TextAreaField
        label={t('windows.reason')}
        rows={2}
        {...form.field('reason')}
        placeholder={t('windows.reasonPlaceholder')}
      />
    </FormDialog>
  );
}
