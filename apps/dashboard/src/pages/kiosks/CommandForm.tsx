import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api';
import { Button } from '../../components/Button';
import { SelectField, TextField } from '../../components/Field';
import {
  INITIAL_COMMAND_FORM,
  PAGE_COMMANDS,
  commandBody,
  takesReason,
  validateCommandForm,
  type CommandFormErrors,
  type CommandFormValues,
  type PageCommand,
} from './command-form';
import { useSendCommand } from './queries';

/** Sends a remote command to the kiosk (rendered only for roles that may: see CommandsCard). */
export function CommandForm({ kioskId }: { kioskId: number }) {
  const { t } = useTranslation();
  const send = useSendCommand(kioskId);
  const [values, setValues] = useState<CommandFormValues>(INITIAL_COMMAND_FORM);
  const [errors, setErrors] = useState<CommandFormErrors>({});
  // One key per command the user means to send: sending the same form again after a failure (a
  // timeout whose request did reach the server) cannot issue it twice; any edit or a success starts anew.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const set = (patch: Partial<CommandFormValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    setIdempotencyKey(crypto.randomUUID());
  };
  const fieldError = (k: keyof CommandFormErrors) =>
    errors[k] ? t(`kiosks:command.errors.${errors[k]}`) : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateCommandForm(values);
    setErrors(found);
    if (Object.keys(found).length) return;
    send.mutate(
      { body: commandBody(values), idempotencyKey },
      {
        onSuccess: () => {
          setValues((v) => ({ ...INITIAL_COMMAND_FORM, command: v.command }));
          setIdempotencyKey(crypto.randomUUID());
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label={t('kiosks:command.formLabel')}>
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          label={t('kiosks:command.command')}
          value={values.command}
          onChange={(e) => set({ command: e.target.value as PageCommand })}
        >
          {PAGE_COMMANDS.map((c) => (
            <option key={c} value={c}>
              {t(`kiosks:command.names.${c}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('kiosks:command.ttl')}
          inputMode="numeric"
          value={values.ttlSeconds}
          error={fieldError('ttlSeconds')}
          onChange={(e) => set({ ttlSeconds: e.target.value })}
        />
        {takesReason(values.command) && (
          <TextField
            className="sm:col-span-2"
            label={t('kiosks:command.reason')}
            placeholder={t('kiosks:command.reasonPlaceholder')}
            maxLength={250}
            value={values.reason}
            error={fieldError('reason')}
            onChange={(e) => set({ reason: e.target.value })}
          />
        )}
        {values.command === 'update' && (
          <>
            <TextField
              label={t('kiosks:command.version')}
              placeholder="2.4.0"
              required
              value={values.version}
              error={fieldError('version')}
              onChange={(e) => set({ version: e.target.value })}
            />
            <TextField
              label={t('kiosks:command.url')}
              placeholder="https://…"
              type="url"
              value={values.url}
              error={fieldError('url')}
              onChange={(e) => set({ url: e.target.value })}
            />
          </>
        )}
      </div>
      <p className="text-xs text-slate-600">{t(`kiosks:command.help.${values.command}`)}</p>
      {send.isError && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {errorMessage(send.error, t)}
        </p>
      )}
      {send.isSuccess && (
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
          {t('kiosks:command.sent', { command: t(`kiosks:command.names.${send.data.command}`) })}
        </p>
      )}
      <Button
        type="submit"
        icon="check"
        busy={send.isPending}
        variant={values.command === 'block' ? 'danger' : 'primary'}
      >
        {t('kiosks:command.send')}
      </Button>
    </form>
  );
}
