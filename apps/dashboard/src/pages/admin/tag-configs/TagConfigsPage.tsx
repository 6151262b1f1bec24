import { KioskFleetApiError } from '@kiosk-fleet/sdk';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/Card';
import { ErrorState } from '../../../components/EmptyState';
import { TextAreaField, TextField } from '../../../components/Field';
import { useSetTagConfig, useTagConfig, type TagConfig } from '../../config/queries';
import { formatSettings, settingsFieldOf } from '../../config/settings-json';
import { settingsOf, validateSettings } from '../../config/SettingsDialog';
import { AdminPage } from '../components/AdminPage';
import { FormAlert } from '../components/FormAlert';
import { formatDateTime } from '../components/format';
import { KIOSK_TAG, validationMessage } from '../forms/rules';
import { useAdminForm } from '../forms/use-admin-form';
import { useMessage } from '../forms/use-message';

/** The editor of one tag's settings, filled with what the API holds (nothing yet: `{}`). */
function TagEditor({ tag, current }: { tag: string; current: TagConfig | null }) {
  const { t, i18n } = useTranslation('config');
  const save = useSetTagConfig();
  const [changed, setChanged] = useState<number | null>(null);
  const form = useAdminForm({
    initial: { settings: formatSettings(current?.settings) },
    validate: validateSettings,
    fieldOf: settingsFieldOf,
    submit: (v) => save.mutateAsync({ tag, settings: settingsOf(v) }),
    onDone: (saved) => setChanged(saved.kiosksChanged ?? 0),
  });

  return (
    <Card
      title={t('tags.editing', { tag })}
      description={
        current
          ? t('tags.updatedAt', { at: formatDateTime(current.updatedAt, i18n.language) })
          : t('tags.noneYet')
      }
    >
      <form
        noValidate
        aria-label={t('tags.editing', { tag })}
        className="space-y-3"
        onSubmit={(e) => {
          setChanged(null);
          void form.onSubmit(e);
        }}
      >
        <FormAlert message={form.formError} />
        <TextAreaField
          label={t('editor.label')}
          hint={t('editor.hint')}
          rows={14}
          spellCheck={false}
          className="[&_textarea]:font-mono [&_textarea]:text-xs"
          {...form.field('settings')}
        />
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" busy={form.submitting}>
            {t('save')}
          </Button>
          {changed !== null && (
            <p role="status" className="text-sm text-green-800">
              {t('tags.saved', { count: changed })}
            </p>
          )}
        </div>
      </form>
    </Card>
  );
}

/**
 * Settings per tag (admins): every kiosk carrying the tag inherits them, under its own settings.
 * There is no list of tags with settings in the API, so a tag is opened by name.
 */
export default function TagConfigsPage() {
  const { t } = useTranslation('config');
  const render = useMessage();
  const [draft, setDraft] = useState('');
  const [tag, setTag] = useState('');
  const [error, setError] = useState<string | undefined>();
  const config = useTagConfig(tag);
  const missing = config.error instanceof KioskFleetApiError && config.error.statusCode === 404;

  useEffect(() => setError(undefined), [draft]);
  const open = (e: FormEvent) => {
    e.preventDefault();
    const value = draft.trim();
    if (!KIOSK_TAG.test(value)) {
      setError(
        render(value === '' ? validationMessage('required') : validationMessage('kioskTag', { value })),
      );
      return;
    }
    setTag(value);
  };

  return (
    <AdminPage title={t('tags.title')} description={t('tags.description')}>
      <form noValidate onSubmit={open} className="flex flex-wrap items-end gap-3" aria-label={t('tags.open')}>
        <TextField
          label={t('tags.tag')}
          placeholder="station"
          value={draft}
          error={error}
          onChange={(e) => setDraft(e.target.value)}
          className="w-64"
        />
        <Button type="submit" variant="secondary" busy={config.isFetching}>
          {t('tags.open')}
        </Button>
      </form>
      {tag !== '' &&
        (config.isError && !missing ? (
          <ErrorState error={config.error} onRetry={() => void config.refetch()} />
        ) : config.data || missing ? (
          // Keyed by tag: another tag starts a fresh editor; saving (which rewrites the cached tag)
          // keeps this one, and with it the "saved" message.
          <TagEditor key={tag} tag={tag} current={config.data ?? null} />
        ) : (
          <p className="text-sm text-slate-600">{t('common:loading')}</p>
        ))}
    </AdminPage>
  );
}
