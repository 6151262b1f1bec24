import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/Button';
import { Dialog } from '../../../components/Dialog';
import { submitErrorsFrom } from '../forms/field-errors';
import type { FieldMessage } from '../forms/rules';
import { FormAlert } from './FormAlert';

const noField = () => null;

/**
 * Asks before a destructive action (delete, revoke, disable) and runs it: the dialog stays open
 * with the API's reason when it is refused (e.g. 422 "Cannot delete the last admin").
 */
export function ConfirmDialog({
  open,
  title,
  body,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: ReactNode;
  body: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FieldMessage | null>(null);

  const close = () => {
    setError(null);
    onClose();
  };
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      close();
    } catch (e) {
      setError(submitErrorsFrom(e, noField).form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      size="sm"
      title={title}
      onClose={busy ? undefined : close}
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={busy}>
            {t('common:actions.cancel')}
          </Button>
          <Button variant="danger" onClick={() => void confirm()} busy={busy}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <FormAlert message={error} />
      <div className="text-sm text-slate-700">{body}</div>
    </Dialog>
  );
}
