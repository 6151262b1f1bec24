import { KioskFleetApiError } from '@kiosk-fleet/sdk';
import type { FieldErrors, FieldMessage } from './rules';

/** What a failed submit shows: messages next to fields, and one above the form for the rest. */
export interface SubmitErrors<F extends string> {
  fields: FieldErrors<F>;
  form: FieldMessage | null;
}

/**
 * Maps an API field path (`username`, `scope.value`, `condition.all[2].op`) to the form field that
 * shows it, or null when no field of the form matches (the message then goes above the form).
 */
export type ApiFieldMapper<F extends string> = (apiField: string) => F | null;

/** The mapper for forms whose fields are named like the API's body properties. */
export function sameNameFields<F extends string>(fields: readonly F[]): ApiFieldMapper<F> {
  return (apiField) => {
    const exact = fields.find((f) => f === apiField);
    if (exact) return exact;
    // `tags[3]` or `scope.value` when the form has only `tags` / `scope`
    const head = apiField.split(/[.[]/)[0];
    return fields.find((f) => f === head) ?? null;
  };
}

/**
 * Turns a failed mutation into what the form shows. 400/409/422 `details` land next to their fields
 * (the API's own words, first message per field); details no field shows, and answers without
 * details, become the form-level message. Other failures get a translated explanation.
 */
export function submitErrorsFrom<F extends string>(
  error: unknown,
  fieldOf: ApiFieldMapper<F>,
): SubmitErrors<F> {
  if (!(error instanceof KioskFleetApiError)) {
    // fetch rejects with a TypeError when the network fails (libs/sdk README, "Errors")
    return { fields: {}, form: { key: error instanceof TypeError ? 'errors.network' : 'errors.unexpected' } };
  }
  switch (error.statusCode) {
    case 400:
    case 409:
    case 422:
      return fromDetails(error, fieldOf);
    case 401:
      return { fields: {}, form: { key: 'errors.sessionExpired' } };
    case 403:
      return { fields: {}, form: { key: 'errors.forbidden' } };
    case 429:
      return {
        fields: {},
        form: { key: 'errors.rateLimited', values: { seconds: error.retryAfterSec ?? 1 } },
      };
    default:
      return { fields: {}, form: { text: error.message } };
  }
}

function fromDetails<F extends string>(
  error: KioskFleetApiError,
  fieldOf: ApiFieldMapper<F>,
): SubmitErrors<F> {
  const fields: FieldErrors<F> = {};
  const unplaced: string[] = [];
  for (const d of error.details ?? []) {
    const f = fieldOf(d.field);
    if (f === null) unplaced.push(`${d.field}: ${d.message}`);
    else if (!fields[f]) fields[f] = { text: d.message };
  }
  const placed = Object.keys(fields).length > 0;
  if (unplaced.length) return { fields, form: { text: [error.message, ...unplaced].join(' — ') } };
  // With every detail beside its field, the generic "Validation failed" adds nothing.
  return { fields, form: placed ? null : { text: error.message } };
}
