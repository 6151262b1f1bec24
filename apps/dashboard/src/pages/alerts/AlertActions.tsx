import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors';
import { useAuth } from '../../auth';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { CheckboxField, TextAreaField } from '../../components/Field';
import type { Alert } from './live-merge';
import { useAcknowledgeAlert, useResolveAlert } from './queries';

const NOTE_MAX = 4000;

/**
 * Acknowledge and resolve, for those who may (admins, and operators on their kiosks: the API only
 * lists those to them). A viewer gets nothing here. Resolving asks whether it was a false positive
 * (a label the anomaly model learns from) and for an optional note.
 */
export function AlertActions({ alert, size = 'sm' }: { alert: Alert; size?: 'sm' | 'md' }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const acknowledge = useAcknowledgeAlert();
  const [resolving, setResolving] = useState(false);
  if (alert.status === 'resolved') return null;
  const mayAck = alert.status === 'open' && can('alert.acknowledge');
  const mayResolve = can('alert.resolve');
  if (!mayAck && !mayResolve) return null;

  return (
    // Buttons inside a clickable row must not also open the row.
    <div
      className="flex items-center gap-1.5"
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.stopPropagation()}
    >
      {mayAck && (
        <Button
          size={size}
          variant="secondary"
          icon="check"
          busy={acknowledge.isPending}
          aria-label={t('alerts:actions.acknowledgeNamed', { title: alert.title })}
          onClick={() => acknowledge.mutate({ id: alert.id })}
        >
          {t('alerts:actions.acknowledge')}
        </Button>
      )}
      {mayResolve && (
        <Button
          size={size}
          variant="primary"
          aria-label={t('alerts:actions.resolveNamed', { title: alert.title })}
          onClick={() => setResolving(true)}
        >
          {t('alerts:actions.resolve')}
        </Button>
      )}
      {acknowledge.isError && (
        <span role="alert" className="text-xs text-red-700">
          {errorMessage(acknowledge.error, t)}
        </span>
      )}
      {resolving && <ResolveDialog alert={alert} onClose={() => setResolving(false)} />}
    </div>
  );
}

function ResolveDialog({ alert, onClose }: { alert: Alert; onClose: () => void }) {
  const { t } = useTranslation();
  const resolve = useResolveAlert();
  const [falsePositive, setFalsePositive] = useState(false);
  const [note, setNote] = useState('');
  const tooLong = note.length > NOTE_MAX;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (tooLong) return;
    const trimmed = note.trim();
    resolve.mutate(
      { id: alert.id, body: { falsePositive, ...(trimmed ? { note: trimmed } : {}) } },
      { onSuccess: onClose },
    );
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={t('alerts:resolve.title')}
      description={alert.title}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" form="resolve-alert" busy={resolve.isPending} disabled={tooLong}>
            {t('alerts:actions.resolve')}
          </Button>
        </>
      }
    >
      <form id="resolve-alert" className="space-y-4" onSubmit={submit}>
        <CheckboxField
          label={t('alerts:resolve.falsePositive')}
          checked={falsePositive}
          onChange={(e) => setFalsePositive(e.target.checked)}
        />
        <p className="-mt-2 text-xs text-slate-600">{t('alerts:resolve.falsePositiveHint')}</p>
        <TextAreaField
          label={t('alerts:resolve.note')}
          hint={t('alerts:resolve.noteHint')}
          rows={3}
          value={note}
          error={tooLong ? t('alerts:resolve.noteTooLong', { max: NOTE_MAX }) : undefined}
          onChange={(e) => setNote(e.target.value)}
        />
        {resolve.isError && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {errorMessage(resolve.error, t)}
          </p>
        )}
      </form>
    </Dialog>
  );
}
