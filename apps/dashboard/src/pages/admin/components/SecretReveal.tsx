import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/Button';

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
