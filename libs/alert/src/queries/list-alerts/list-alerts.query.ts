import type { AlertSeverity, AlertStatus, AlertType, AuthenticatedUser } from '@app/contracts';

export interface AlertFilters {
  status?: AlertStatus;
  severity?: AlertSeverity;
  type?: AlertType;
  kioskId?: number;
  incidentId?: string;
}

/** Newest first (by first seen), keyset-paged, only alerts of kiosks the user may see. */
export class ListAlertsQuery {
  constructor(
    readonly user: Pick<AuthenticatedUser, 'id' | 'role'>,
    readonly filters: AlertFilters,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
