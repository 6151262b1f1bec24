import { useState, type ChangeEvent, type FormEvent } from 'react';
import { submitErrorsFrom, type ApiFieldMapper, type SubmitErrors } from './field-errors';
import type { FieldErrors, FieldMessage } from './rules';
import { useMessage } from './use-message';

/** The values of a form that a text input, a textarea or a select edits as they are. */
type TextKeys<V> = { [K in keyof V]: V[K] extends string ? K : never }[keyof V] & string;

/** What ties a `TextField`, `TextAreaField` or `SelectField` to one value: spread it on the field. */
export interface BoundField {
  value: string;
  onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => void;
  /** The field's message, rendered (announced through the field's aria-describedby). */
  error: string | undefined;
}

export interface AdminForm<V, F extends string> {
  values: V;
  set: <K extends keyof V>(key: K, value: V[K]) => void;
  /** Client checks (once a submit was tried) over the API's answer for the same field. */
  errors: FieldErrors<F>;
  formError: FieldMessage | null;
  submitting: boolean;
  onSubmit: (e?: FormEvent) => Promise<void>;
  /** Value, change handler and message of the text or choice `key`, whose message has the same name. */
  field: <K extends TextKeys<V>>(key: K) => BoundField;
}

/**
 * The state of one admin form. Nothing is flagged before the first submit; from then on the client
 * checks run on every change. A refused submit keeps the API's field messages until that field is
 * edited (the server may know things the client cannot: a taken username, an unknown kiosk).
 */
export function useAdminForm<V, F extends string, R>(opts: {
  initial: V | (() => V);
  validate: (values: V) => FieldErrors<F>;
  fieldOf: ApiFieldMapper<F>;
  submit: (values: V) => Promise<R>;
  onDone: (result: R) => void;
}): AdminForm<V, F> {
  const [values, setValues] = useState<V>(opts.initial);
  const [attempted, setAttempted] = useState(false);
  const [server, setServer] = useState<SubmitErrors<F>>({ fields: {}, form: null });
  const [submitting, setSubmitting] = useState(false);
  const render = useMessage();

  const set = <K extends keyof V>(key: K, value: V[K]) => {
    setValues((prev) => ({ ...prev, [key]: value }));
    // `clauses` also clears `clauses.2.value`: the list it belongs to changed.
    setServer((s) => ({
      form: s.form,
      fields: Object.fromEntries(
        Object.entries(s.fields).filter(([f]) => !f.startsWith(String(key))),
      ) as FieldErrors<F>,
    }));
  };

  const onSubmit = async (e?: FormEvent) => {
    e?.preventDefault();
    setAttempted(true);
    if (Object.keys(opts.validate(values)).length > 0) return;
    setSubmitting(true);
    setServer({ fields: {}, form: null });
    try {
      const result = await opts.submit(values);
      opts.onDone(result);
    } catch (err) {
      setServer(submitErrorsFrom(err, opts.fieldOf));
    } finally {
      setSubmitting(false);
    }
  };

  const client = attempted ? opts.validate(values) : {};
  const errors: FieldErrors<F> = { ...server.fields, ...client };
  const field = <K extends TextKeys<V>>(key: K): BoundField => ({
    value: values[key] as string,
    // A select offers only the values its field allows, so what it reports is one of them.
    onChange: (e) => set(key, e.target.value as V[K]),
    error: render((errors as FieldErrors)[key]),
  });
  return {
    values,
    set,
    errors,
    formError: server.form,
    submitting,
    onSubmit,
    field,
  };
}
