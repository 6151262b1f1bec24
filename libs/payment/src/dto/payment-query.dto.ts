import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '@app/core';
import { PAYMENT_METHODS, PAYMENT_STATUSES, type PaymentMethod, type PaymentStatus } from '@app/contracts';

const CURRENCY = /^[A-Za-z]{3}$/;
const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** Filters shared by the list and the CSV export. */
export class PaymentFilterDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  kioskId?: number;

  @ApiPropertyOptional({ enum: PAYMENT_METHODS, enumName: 'PaymentMethod' })
  @IsOptional()
  @IsIn(PAYMENT_METHODS)
  method?: PaymentMethod;

  @ApiPropertyOptional({ enum: PAYMENT_STATUSES, enumName: 'PaymentStatus' })
  @IsOptional()
  @IsIn(PAYMENT_STATUSES)
  status?: PaymentStatus;

  @ApiPropertyOptional({ example: 'USD', description: 'ISO 4217; required with minAmount/maxAmount' })
  @IsOptional()
  @IsString()
  @Matches(CURRENCY, { message: 'must be a three-letter ISO 4217 code' })
  currency?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'occurredAt ≥ from' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'occurredAt < to' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({
    example: '10.00',
    description: 'Exact decimal in major units of `currency` (inclusive)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(DECIMAL, { message: 'must be a decimal such as "10.00"' })
  minAmount?: string;

  @ApiPropertyOptional({
    example: '99.99',
    description: 'Exact decimal in major units of `currency` (inclusive)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(DECIMAL, { message: 'must be a decimal such as "99.99"' })
  maxAmount?: string;
}

export const SUMMARY_GROUPS = ['day', 'kiosk', 'method'] as const;
export type SummaryGroupBy = (typeof SUMMARY_GROUPS)[number];

export class PaymentSummaryQueryDto {
  @ApiProperty({ enum: SUMMARY_GROUPS, description: '`day` is the UTC date of occurredAt' })
  @IsIn(SUMMARY_GROUPS)
  groupBy: SummaryGroupBy;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'occurredAt ≥ from (default: 30 days before `to`)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'occurredAt < to (default: now)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ example: 'USD' })
  @IsOptional()
  @IsString()
  @Matches(CURRENCY, { message: 'must be a three-letter ISO 4217 code' })
  currency?: string;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  kioskId?: number;
}

export class PaymentSummaryGroupDto {
  @ApiProperty({ example: '2026-11-25', description: 'The UTC day, the kiosk id or the method' })
  key: string;

  @ApiProperty({ example: 'USD' })
  currency: string;

  @ApiProperty({ example: 42, description: 'Payments that did not fail' })
  count: number;

  @ApiProperty({ example: '123.45', description: 'Their sum, exact, in major units' })
  total: string;

  @ApiProperty({ example: '1.00', description: 'Refunded from them, exact' })
  refunded: string;
}

export class PaymentSummaryDto {
  @ApiProperty({ type: [PaymentSummaryGroupDto] })
  groups: PaymentSummaryGroupDto[];
}
