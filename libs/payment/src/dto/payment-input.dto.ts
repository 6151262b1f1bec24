import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions, getSchemaPath } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidationOptions,
} from 'class-validator';
import { PAYMENT_METHODS, type PaymentMethod } from '@app/contracts';

/**
 * A wire amount: a decimal string or a JSON number, in major units. Only the shape is checked here;
 * the exact reading (decimals allowed by the currency, ceiling) happens in the payment module.
 */
export function IsAmountInput(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAmountInput',
      validator: {
        validate: (v: unknown) =>
          (typeof v === 'string' && v.length >= 1 && v.length <= 40) ||
          (typeof v === 'number' && Number.isFinite(v)),
        defaultMessage: () => 'must be a decimal string such as "12.50" or a number',
      },
    },
    options,
  );
}

const AMOUNT_SCHEMA: ApiPropertyOptions = {
  example: '12.50',
  oneOf: [
    { type: 'string', example: '12.50' },
    { type: 'number', example: 12.5 },
  ],
};

export const PAYMENT_INPUT_STATUSES = ['completed', 'failed'] as const;

/** `POST /payments`: an integrator records a payment taken at one of its kiosks. */
export class CreatePaymentDto {
  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  kioskId: number;

  @ApiProperty({ example: 'TX-0001', description: 'Unique per kiosk' })
  @IsString()
  @Length(1, 128)
  transactionId: string;

  @ApiProperty({
    ...AMOUNT_SCHEMA,
    description:
      'Major units, exact: no more decimals than the currency has (USD 2, JPY 0, KWD 3), greater than zero',
  })
  @IsAmountInput()
  amount: string | number;

  @ApiProperty({ example: 'USD', description: 'ISO 4217 code' })
  @IsString()
  @Matches(/^[A-Za-z]{3}$/, { message: 'must be a three-letter ISO 4217 code' })
  currency: string;

  @ApiProperty({ enum: PAYMENT_METHODS, enumName: 'PaymentMethod', example: 'card' })
  @IsIn(PAYMENT_METHODS)
  method: PaymentMethod;

  @ApiProperty({ enum: PAYMENT_INPUT_STATUSES, example: 'completed' })
  @IsIn(PAYMENT_INPUT_STATUSES)
  status: (typeof PAYMENT_INPUT_STATUSES)[number];

  @ApiProperty({ format: 'date-time', example: '2026-11-25T10:00:00.000Z' })
  @IsISO8601({ strict: true })
  occurredAt: string;

  @ApiPropertyOptional({ example: 'ana@example.com', description: 'Receives an email receipt' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  customerEmail?: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', additionalProperties: { $ref: getSchemaPath('JsonValue') } },
    example: [{ sku: 'TICKET-1', qty: 1, unit_price: '12.50' }],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  items?: Record<string, unknown>[];
}

/** `POST /payments/{id}/refund`. */
export class RefundPaymentDto {
  @ApiPropertyOptional({
    ...AMOUNT_SCHEMA,
    description: 'Major units of the payment’s currency; default: everything not refunded yet',
  })
  @IsOptional()
  @IsAmountInput()
  amount?: string | number;

  @ApiProperty({ example: 'ticket printer jammed', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  reason: string;
}
