import { KioskFleetApiError } from '@kiosk-fleet/sdk';
import type { TFunction } from 'i18next';

/** A message for a failed call that a person can act on (validation details included). */
export function errorMessage(error: unknown, t: TFunction): string {
  if (error instanceof KioskFleetApiError) {
    if (error.statusCode === 429)
      return t('common:errors.rateLimited', { seconds: error.retryAfterSec ?? 1 });
    if (error.statusCode >= 500) return t('common:errors.server', { requestId: error.requestId ?? '—' });
    const fields = error.details?.map((d) => `${d.field}: ${d.message}`).join('; ');
    return fields ? `${error.message} (${fields})` : error.message;
  }
  if (error instanceof TypeError) return t('common:errors.network');
  return error instanceof Error ? error.message : String(error);
}
