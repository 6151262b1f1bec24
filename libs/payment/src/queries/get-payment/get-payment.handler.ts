import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { PaymentView } from '@app/contracts';
import { PaymentAccess } from '../../services/payment-access';
import { toPaymentView } from '../../services/payment-row';
import { readPayment } from './payment.sql';
import { GetPaymentQuery } from './get-payment.query';

@QueryHandler(GetPaymentQuery)
export class GetPaymentHandler implements IQueryHandler<GetPaymentQuery, PaymentView> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: PaymentAccess,
  ) {}

  async execute({ paymentId, user }: GetPaymentQuery): Promise<PaymentView> {
    const row = await readPayment(this.dataSource, paymentId);
    if (!row || !(await this.access.canSeeKiosk(user, row.kiosk_id))) throw notFound('Payment');
    return toPaymentView(row);
  }
}
