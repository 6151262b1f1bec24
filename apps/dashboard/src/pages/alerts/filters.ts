import type { Alert, AlertFilters } from './live-merge';

export const STATUSES: Alert['status'][] = ['open', 'acknowledged', 'resolved'];
export const TYPES: Alert['type'][] = [
  'threshold',
  'peripheral',
  'liveness',
  'rate',
  'ai_anomaly',
  'site_incident',
  'cash_mismatch',
  'location_drift',
];
const SEVERITY_VALUES: Alert['severity'][] = ['critical', 'major', 'warning', 'info'];

function oneOf<T extends string>(values: readonly T[], raw: string | null): T | undefined {
  return values.find((v) => v === raw);
}

/**
 * The inbox filters live in the URL (`/alerts?status=open&severity=critical&kioskId=12`), so a link
 * from a kiosk's page or a notification opens the right view. No `status` means open alerts (what
 * needs someone); `status=all` shows every status.
 */
export function filtersFromParams(params: URLSearchParams): AlertFilters {
  const filters: AlertFilters = {};
  const status = params.get('status');
  if (status !== 'all') filters.status = oneOf(STATUSES, status) ?? 'open';
  const severity = oneOf(SEVERITY_VALUES, params.get('severity'));
  if (severity) filters.severity = severity;
  const type = oneOf(TYPES, params.get('type'));
  if (type) filters.type = type;
  const kiosk = Number(params.get('kioskId'));
  if (Number.isInteger(kiosk) && kiosk > 0) filters.kioskId = kiosk;
  return filters;
}

export function paramsFromFilters(filters: AlertFilters): URLSearchParams {
  const params = new URLSearchParams();
  params.set('status', filters.status ?? 'all');
  if (filters.severity) params.set('severity', filters.severity);
  if (filters.type) params.set('type', filters.type);
  if (filters.kioskId !== undefined) params.set('kioskId', String(filters.kioskId));
  return params;
}
