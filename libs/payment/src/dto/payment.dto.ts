import { ApiProperty } from '@nestjs/swagger';
import {
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  type PaymentMethod,
  type PaymentStatus,
  type PaymentView,
} from '@app/contracts';

/** The payment resource (CONTRACT.md §6). */
export class PaymentDto implements PaymentView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 1 })
  kioskId: number;

  @ApiProperty({ example: 'TX-0001' })
  transactionId: string;

  @ApiProperty({ example: '12.50', description: 'Exact decimal in major units of `currency`' })
  amount: string;

  @ApiProperty({ example: 1250, description: 'The same amount in minor units (cents, fils, yen …)' })
  amountMinor: number;

  @ApiProperty({ example: 'USD', description: 'ISO 4217' })
  currency: string;

  @ApiProperty({ enum: PAYMENT_METHODS, enumName: 'PaymentMethod', example: 'card' })
  method: PaymentMethod;

  @ApiProperty({ enum: PAYMENT_STATUSES, enumName: 'PaymentStatus', example: 'completed' })
  status: PaymentStatus;

  @ApiProperty({ example: '0.00', description: 'Sum of completed refunds' })
  refundedAmount: string;

  @ApiProperty({ format: 'date-time', description: 'When the kiosk says it happened (kiosk clock)' })
  occurredAt: string;

  @ApiProperty({ format: 'date-time', description: 'When the server recorded it' })
  createdAt: string;
}
