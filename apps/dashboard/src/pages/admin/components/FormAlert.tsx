import type { FieldMessage } from '../forms/rules';
import { submitErrorsFrom } from '../forms/field-errors';
import { useMessage } from '../forms/use-message';

/** The message of a refused submit that belongs to no single field, announced when it appears. */
export function FormAlert({ message }: { message: FieldMessage | null }) {
  const render = useMessage();
  if (!message) return null;
  return (
    <div
      role="alert"
      className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
    >
      {render(message)}
    </div>
  );
}

/** A failed one-click action (enable, redeliver, send test): its reason, above the list. */
export function ActionError({ error }: { error: unknown }) {
  if (!error) return null;
  return <FormAlert message={submitErrorsFrom(error, () => null).form} />;
}
