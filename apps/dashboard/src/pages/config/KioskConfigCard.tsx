import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Can } from '../../auth/Can';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ErrorState } from '../../components/EmptyState';
import { useKioskConfig, useSetKioskConfig, type KioskConfig } from './queries';
import { formatSettings } from './settings-json';
import { SettingsDialog } from './SettingsDialog';

/** Up to date, behind (a configure on its way or due at the next join), or never configured. */
export function ConfigDriftBadge({
  config,
}: {
  config: Pick<KioskConfig, 'desiredVersion' | 'appliedVersion'>;
}) {
  const { t } = useTranslation('config');
  if (config.desiredVersion === 0) return <Badge>{t('drift.none')}</Badge>;
  return config.appliedVersion < config.desiredVersion ? (
    <Badge tone="warning">{t('drift.behind')}</Badge>
  ) : (
    <Badge tone="success">{t('drift.applied')}</Badge>
  );
}

function Version({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums text-slate-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/**
 * The kiosk's remote configuration: the version it should run and the one it acked, the merged
 * settings (its own over its tags'), and for those who may, an editor of its own settings.
 */
export function KioskConfigCard({ kioskId }: { kioskId: number }) {
  const { t } = useTranslation('config');
  const config = useKioskConfig(kioskId);
  const save = useSetKioskConfig(kioskId);
  const [editing, setEditing] = useState(false);
  const c = config.data;

  return (
    <Card
      title={t('kiosk.title')}
      description={t('kiosk.description')}
      actions={
        c && (
          <>
            <ConfigDriftBadge config={c} />
            <Can action="kiosk.editConfig">
              <Button size="sm" variant="secondary" onClick={() => setEditing(true)}>
                {t('kiosk.edit')}
              </Button>
            </Can>
          </>
        )
      }
    >
      {config.isError ? (
        <ErrorState error={config.error} onRetry={() => void config.refetch()} />
      ) : !c ? (
        <p className="text-sm text-slate-600">{t('common:loading')}</p>
      ) : (
        <div className="space-y-3">
          <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3">
            <Version label={t('kiosk.desired')} value={c.desiredVersion} testId="config-desired-version" />
            <Version label={t('kiosk.applied')} value={c.appliedVersion} testId="config-applied-version" />
            {c.pending && (
              <div className="col-span-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 sm:col-span-1">
                {t('kiosk.pending', {
                  version: c.pending.version,
                  status: t(`kiosks:command.status.${c.pending.status}`),
                })}
              </div>
            )}
          </dl>
          <div>
            <h3 className="text-xs font-medium uppercase tracking-wide text-slate-600">
              {t('kiosk.merged')}
            </h3>
            {Object.keys(c.settings).length === 0 ? (
              <p className="mt-1 text-sm text-slate-600">{t('kiosk.noSettings')}</p>
            ) : (
              <pre
                className="mt-1 max-h-72 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100"
                data-testid="config-settings"
                tabIndex={0}
                aria-label={t('kiosk.merged')}
              >
                {formatSettings(c.settings)}
              </pre>
            )}
          </div>
        </div>
      )}
      {editing && c && (
        <SettingsDialog
          title={t('kiosk.editTitle')}
          description={t('kiosk.editDescription')}
          initial={formatSettings(c.ownSettings)}
          onSave={(settings) => save.mutateAsync(settings)}
          onClose={() => setEditing(false)}
        />
      )}
    </Card>
  );
}
