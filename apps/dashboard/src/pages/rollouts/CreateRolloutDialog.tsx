import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api';
import { CheckboxField, SelectField, TextField } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { FormAlert } from '../admin/components/FormAlert';
import { useAdminForm } from '../admin/forms/use-admin-form';
import { useCreateRollout, type Rollout } from './queries';
import {
  createRolloutBody,
  emptyRollout,
  rolloutFieldOf,
  TARGET_KINDS,
  validateRollout,
} from './rollout-form';

/** The versions the fleet runs now, offered for "below version" (one small request). */
function useFirmwareVersions(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['kiosks', 'firmware-summary'],
    queryFn: ({ signal }) => api.GET('/api/v1/kiosks/firmware-summary', { signal }),
    enabled,
    staleTime: 60_000,
  });
}

/**
 * A new rollout of a firmware update, created as a draft (started from its page): image, target,
 * waves, when to stop, how long to wait. The API's refusals land next to their fields.
 */
export function CreateRolloutDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (rollout: Rollout) => void;
}) {
  const { t } = useTranslation('rollouts');
  const create = useCreateRollout();
  const form = useAdminForm({
    initial: emptyRollout,
    validate: validateRollout,
    fieldOf: rolloutFieldOf,
    submit: (v) => create.mutateAsync(createRolloutBody(v)),
    onDone: onCreated,
  });
  const kind = form.values.targetKind;
  const versions = useFirmwareVersions(kind === 'firmwareBelow');
  const listId = useId();

  return (
    <FormDialog
      title={t('create.title')}
      description={t('create.description')}
      size="lg"
      onClose={onClose}
      form={form}
      submitLabel={t('create.submit')}
      alert={<FormAlert message={form.formError} />}
    >
      <TextField label={t('fields.name')} {...form.field('name')} placeholder={t('create.namePlaceholder')} />
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-900">{t('create.firmware')}</legend>
        <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
          <TextField label={t('fields.version')} {...form.field('version')} placeholder="2.4.0" />
          <TextField
            label={t('fields.url')}
            type="url"
            {...form.field('url')}
            placeholder="https://updates.example.com/kiosk-2.4.0.img"
          />
        </div>
        <TextField
          label={t('fields.sha256')}
          {...form.field('sha256')}
          hint={t('create.sha256Hint')}
          className="font-mono"
          spellCheck={false}
        />
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-900">{t('create.targetLegend')}</legend>
        <div className="grid gap-3 sm:grid-cols-[12rem_1fr]">
          <SelectField label={t('fields.targetKind')} {...form.field('targetKind')}>
            {TARGET_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`target.${k}`)}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t(`target.${kind}Value`)}
            {...form.field('target')}
            hint={t(`target.${kind}Hint`)}
            list={kind === 'firmwareBelow' ? listId : undefined}
          />
        </div>
        {kind === 'firmwareBelow' && (
          <datalist id={listId}>
            {versions.data?.versions
              .filter((v) => v.semver && v.version)
              .map((v) => (
                <option key={v.version} value={v.version ?? ''} />
              ))}
          </datalist>
        )}
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-900">{t('create.pacing')}</legend>
        <TextField label={t('fields.waves')} {...form.field('waves')} hint={t('create.wavesHint')} />
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField
            label={t('fields.threshold')}
            type="number"
            min={0}
            max={100}
            {...form.field('threshold')}
            hint={t('create.thresholdHint')}
          />
          <TextField
            label={t('fields.waitSeconds')}
            type="number"
            min={0}
            {...form.field('waitSeconds')}
            hint={t('create.waitHint')}
          />
        </div>
        <CheckboxField
          label={t('fields.respectMaintenanceWindows')}
          checked={form.values.respectMaintenanceWindows}
          onChange={(e) => form.set('respectMaintenanceWindows', e.target.checked)}
        />
      </fieldset>
    </FormDialog>
  );
}
