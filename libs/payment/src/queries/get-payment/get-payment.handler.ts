import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { PaymentView } from '@app/contracts';
import { queryRecords } from '@app/database';
import { PaymentAccess } from '../../services/payment-access';
import { PAYMENT_COLUMNS, PaymentRow, toPaymentView } from '../../services/payment-row';
import { GetPaymentQuery } from './get-payment.query';

@QueryHandler(GetPaymentQuery)
export class GetPaymentHandler implements IQueryHandler<GetPaymentQuery, PaymentView> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: PaymentAccess,
  ) {}

  async execute({ paymentId, user }: GetPaymentQuery): Promise<PaymentView> {
    const [row] = await queryRecords<PaymentRow>(
      this.dataSource,
      `SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE p.id = $1`,
      [paymentId],
    );
    if (!row || !(await this.access.canSeeKiosk(user, row.kiosk_id))) throw notFound('Payment');
    return toPaymentView(row);
  }
}
