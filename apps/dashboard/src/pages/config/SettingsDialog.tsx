import { useTranslation } from 'react-i18next';
import { TextAreaField } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { FormAlert } from '../admin/components/FormAlert';
import type { FieldErrors } from '../admin/forms/rules';
import { useAdminForm } from '../admin/forms/use-admin-form';
import { parseSettings, settingsFieldOf, type Settings, type SettingsField } from './settings-json';

export interface SettingsValues {
  settings: string;
}

/** The client check of the editor: JSON, an object, small enough. */
export function validateSettings(v: SettingsValues): FieldErrors<SettingsField> {
  const parsed = parseSettings(v.settings);
  return 'error' in parsed ? { settings: parsed.error } : {};
}

/** Parsed settings of a form that passed `validateSettings`. */
export function settingsOf(v: SettingsValues): Settings {
  const parsed = parseSettings(v.settings);
  if ('error' in parsed) throw new Error('settings submitted without passing validation');
  return parsed.settings;
}

/**
 * Edits settings as JSON in a textarea. What the API refuses (400 details, a 413 or 422 on size)
 * is shown under the editor or above it, in the API's words.
 */
export function SettingsDialog({
  title,
  description,
  initial,
  onSave,
  onClose,
}: {
  title: string;
  description?: string;
  initial: string;
  onSave: (settings: Settings) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation('config');
  const form = useAdminForm({
    initial: { settings: initial },
    validate: validateSettings,
    fieldOf: settingsFieldOf,
    submit: (v) => onSave(settingsOf(v)),
    onDone: onClose,
  });
  return (
    <FormDialog
      title={title}
      description={description}
      size="lg"
      onClose={onClose}
      form={form}
      submitLabel={t('save')}
      alert={<FormAlert message={form.formError} />}
    >
      <TextAreaField
        label={t('editor.label')}
        hint={t('editor.hint')}
        rows={14}
        spellCheck={false}
        className="[&_textarea]:font-mono [&_textarea]:text-xs"
        {...form.field('settings')}
      />
    </FormDialog>
  );
}
