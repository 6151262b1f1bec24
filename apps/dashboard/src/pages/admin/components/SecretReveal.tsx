import { useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/Button';
import { Dialog } from '../../../components/Dialog';

/**
 * A secret the API shows exactly once (an API key, a webhook signing secret): selectable, with a copy
 * button, and a plain warning that it cannot be shown again.
 */
export function SecretReveal({ label, secret }: { label: string; secret: string }) {
  const { t } = useTranslation('admin');
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      // No clipboard permission (or an insecure origin): select it so Ctrl+C does it.
      input.current?.select();
      setCopied('no');
    }
  };

  return (
    <div className="space-y-2">
      <div
        className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        role="note"
      >
        {t('secret.once')}
      </div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          ref={input}
          readOnly
          value={secret}
          onFocus={(e) => e.currentTarget.select()}
          className="block w-full min-w-0 rounded-md border-0 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-inset ring-slate-300"
          data-testid="secret-value"
        />
        <Button variant="secondary" icon="check" onClick={() => void copy()}>
          {t('secret.copy')}
        </Button>
      </div>
      <p className="text-xs text-slate-600" aria-live="polite">
        {copied === 'yes' ? t('secret.copied') : copied === 'no' ? t('secret.copyManually') : ''}
      </p>
    </div>
  );
}

/** What a create dialog turns into once the API answered with a secret: the secret, then Done. */
export function SecretDialog({
  title,
  description,
  label,
  secret,
  onClose,
  children,
}: {
  title: ReactNode;
  description?: ReactNode;
  label: string;
  secret: string;
  onClose: () => void;
  /** Said under the secret, e.g. how to use it. */
  children?: ReactNode;
}) {
  const { t } = useTranslation('admin');
  return (
    <Dialog
      open
      title={title}
      description={description}
      onClose={onClose}
      footer={<Button onClick={onClose}>{t('secret.done')}</Button>}
    >
      <SecretReveal label={label} secret={secret} />
      {children}
    </Dialog>
  );
}
