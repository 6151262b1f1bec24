import { KioskFleetApiError } from '@kiosk-fleet/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { Button } from '../components/Button';
import { TextField } from '../components/Field';
import { useAuth } from './AuthProvider';

export interface SignInValues {
  username: string;
  password: string;
}

export type SignInErrors = Partial<Record<keyof SignInValues, 'required' | 'tooLong'>>;

/** Checked before anything is sent: the server would answer 400 for the same input. */
export function validateSignIn(values: SignInValues): SignInErrors {
  const errors: SignInErrors = {};
  if (values.username.trim() === '') errors.username = 'required';
  else if (values.username.length > 64) errors.username = 'tooLong';
  if (values.password === '') errors.password = 'required';
  else if (values.password.length > 256) errors.password = 'tooLong';
  return errors;
}

/**
 * Username + password form. With `fixedUsername` (re-authentication) only the password is asked for:
 * the requests waiting belong to that user.
 */
export function SignInForm({
  fixedUsername,
  onSignedIn,
}: {
  fixedUsername?: string;
  onSignedIn?: () => void;
}) {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const [values, setValues] = useState<SignInValues>({ username: fixedUsername ?? '', password: '' });
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const errors = touched ? validateSignIn(values) : {};

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(validateSignIn(values)).length > 0) return;
    setBusy(true);
    setFailure(null);
    try {
      await signIn(values.username.trim(), values.password);
      onSignedIn?.();
    } catch (err) {
      setFailure(
        err instanceof KioskFleetApiError && err.statusCode === 401
          ? t('common:auth.badCredentials')
          : errorMessage(err, t),
      );
      setValues((v) => ({ ...v, password: '' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {failure && (
        <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {failure}
        </div>
      )}
      <TextField
        label={t('common:auth.username')}
        name="username"
        autoComplete="username"
        value={values.username}
        readOnly={fixedUsername !== undefined}
        autoFocus={fixedUsername === undefined}
        onChange={(e) => setValues((v) => ({ ...v, username: e.target.value }))}
        error={errors.username && t(`common:validation.${errors.username}`)}
      />
      <TextField
        label={t('common:auth.password')}
        name="password"
        type="password"
        autoComplete="current-password"
        autoFocus={fixedUsername !== undefined}
        value={values.password}
        onChange={(e) => setValues((v) => ({ ...v, password: e.target.value }))}
        error={errors.password && t(`common:validation.${errors.password}`)}
      />
      <Button type="submit" busy={busy} className="w-full">
        {t('common:auth.signIn')}
      </Button>
    </form>
  );
}
