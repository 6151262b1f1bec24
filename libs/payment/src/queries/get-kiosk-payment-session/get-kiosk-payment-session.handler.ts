import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GetKioskPaymentSessionQuery, KioskPaymentSession } from '@app/core';
import { queryRecords } from '@app/database';

/** For the command module's gating: what the kiosk last said about its payment session. */
@QueryHandler(GetKioskPaymentSessionQuery)
export class GetKioskPaymentSessionHandler implements IQueryHandler<
  GetKioskPaymentSessionQuery,
  KioskPaymentSession
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ kioskId }: GetKioskPaymentSessionQuery): Promise<KioskPaymentSession> {
    const [row] = await queryRecords<{ active: boolean; since: Date | null }>(
      this.dataSource,
      `SELECT active, since FROM kiosk_payment_sessions WHERE kiosk_id = $1`,
      [kioskId],
    );
    return { active: row?.active ?? false, since: row?.since ?? null };
  }
}
