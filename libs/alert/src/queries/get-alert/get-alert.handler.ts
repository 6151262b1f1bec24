import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AlertView } from '@app/contracts';
import { assertAlertVisible } from '../../alerts/alert-access';
import { findAlert } from '../../alerts/alert-repository';
import { alertView } from '../../alerts/alert-row';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import { GetAlertQuery } from './get-alert.query';

@QueryHandler(GetAlertQuery)
export class GetAlertHandler implements IQueryHandler<GetAlertQuery, AlertView> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ alertId, user }: GetAlertQuery): Promise<AlertView> {
    const row = await findAlert(this.dataSource, alertId);
    return alertView(await assertAlertVisible(this.kiosks, user, row));
  }
}
