import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GetKiosksInPaymentSessionQuery, KiosksInPaymentSession } from '@app/contracts';
import { pgPool } from '@app/database';

/** For the command module's gating: which kiosks last said a payment session is open. */
@QueryHandler(GetKiosksInPaymentSessionQuery)
export class GetKiosksInPaymentSessionHandler implements IQueryHandler<
  GetKiosksInPaymentSessionQuery,
  KiosksInPaymentSession
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ kioskIds }: GetKiosksInPaymentSessionQuery): Promise<KiosksInPaymentSession> {
    if (!kioskIds.length) return new Set();
    const { rows } = await pgPool(this.dataSource).query<{ kiosk_id: number }>(
      `SELECT kiosk_id FROM kiosk_payment_sessions WHERE kiosk_id = ANY($1::int[]) AND active`,
      [kioskIds],
    );
    return new Set(rows.map((r) => r.kiosk_id));
  }
}
