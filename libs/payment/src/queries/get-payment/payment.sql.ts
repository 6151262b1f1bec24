import type { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';
import { PAYMENT_COLUMNS, PaymentRow } from '../../services/payment-row';

export async function readPayment(
  dataSource: DataSource,
  paymentId: string,
): Promise<PaymentRow | undefined> {
  const [row] = await queryRecords<PaymentRow>(
    dataSource,
    `SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE p.id = $1`,
    [paymentId],
  );
  return row;
}
