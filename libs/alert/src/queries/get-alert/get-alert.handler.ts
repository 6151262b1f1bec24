import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AlertView } from '@app/contracts';
import { queryRecords } from '@app/database';
import { assertAlertVisible } from '../../alerts/alert-access';
import { ALERT_COLUMNS, AlertRow, alertView } from '../../alerts/alert-row';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import { GetAlertQuery } from './get-alert.query';

@QueryHandler(GetAlertQuery)
export class GetAlertHandler implements IQueryHandler<GetAlertQuery, AlertView> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({ alertId, user }: GetAlertQuery): Promise<AlertView> {
    const [row] = await queryRecords<AlertRow>(
      this.dataSource,
      `SELECT ${ALERT_COLUMNS} FROM alerts a WHERE a.id = $1`,
      [alertId],
    );
    return alertView(await assertAlertVisible(this.kiosks, user, row));
  }
}
