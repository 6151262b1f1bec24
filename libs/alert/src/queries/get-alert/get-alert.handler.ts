import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { AlertView } from '@app/contracts';
import { assertAlertVisible } from '../../alerts/alert-access';
import { alertView } from '../../alerts/alert-row';
import { AlertRepository } from '../../alerts/alert.repository';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import { GetAlertQuery } from './get-alert.query';

@QueryHandler(GetAlertQuery)
export class GetAlertHandler implements IQueryHandler<GetAlertQuery, AlertView> {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ alertId, user }: GetAlertQuery): Promise<AlertView> {
    const row = await this.alerts.find(alertId);
    return alertView(await assertAlertVisible(this.kiosks, user, row));
  }
}
