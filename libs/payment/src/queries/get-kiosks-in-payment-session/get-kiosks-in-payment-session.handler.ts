import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GetKiosksInPaymentSessionQuery, KiosksInPaymentSession } from '@app/contracts';
import { readKiosksInPaymentSession } from './kiosks-in-payment-session.sql';

/** For the command module's gating: which kiosks last said a payment session is open. */
@QueryHandler(GetKiosksInPaymentSessionQuery)
export class GetKiosksInPaymentSessionHandler implements IQueryHandler<
  GetKiosksInPaymentSessionQuery,
  KiosksInPaymentSession
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ kioskIds }: GetKiosksInPaymentSessionQuery): Promise<KiosksInPaymentSession> {
    if (!kioskIds.length) return new Set();
    return new Set(await readKiosksInPaymentSession(this.dataSource, kioskIds));
  }
}
