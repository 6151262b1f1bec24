import { KioskFleetApiError, type KioskFleetClient } from '@kiosk-fleet/sdk';
import type { FieldProblem } from './refund';
import type { PaymentFilters } from './queries';

/**
 * Downloads `GET /payments/export.csv` for the current filters. The request goes through the SDK
 * client (an `<a href>` would carry no Authorization header), the body is read whole, and only a
 * complete file is saved: the server cuts a timed-out stream short rather than truncating it
 * silently, which surfaces here as a failed read.
 */
export async function downloadPaymentsCsv(
  api: KioskFleetClient,
  filters: PaymentFilters,
  now = new Date(),
): Promise<string> {
  const blob = await api.GET('/api/v1/payments/export.csv', { params: { query: filters }, parseAs: 'blob' });
  const name = `payments-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.csv`;
  const url = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // After the click the browser holds its own reference to the file.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
  return name;
}

/** Why an export failed, as a `payments` i18n key: the export's own limits get their own words. */
export function exportProblem(error: unknown): FieldProblem {
  if (error instanceof KioskFleetApiError) {
    switch (error.statusCode) {
      case 429:
        return { key: 'export.errors.busy', values: { seconds: error.retryAfterSec ?? 5 } };
      case 503:
        return { key: 'export.errors.timeout' };
      case 400:
        return { key: 'export.errors.invalid', values: { message: error.message } };
      default:
        return { key: 'export.errors.failed', values: { message: error.message } };
    }
  }
  // fetch/blob reject with a TypeError when the connection drops or the stream is cut short.
  return { key: 'export.errors.interrupted' };
}
