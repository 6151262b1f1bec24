import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export const MAX_FORECAST_DAYS = 90;

export class SalesForecastQueryDto {
  @ApiProperty({ description: 'The kiosk to forecast', example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  kioskId: number;

  @ApiPropertyOptional({
    description: 'Days ahead, starting tomorrow (UTC)',
    default: 30,
    minimum: 1,
    maximum: MAX_FORECAST_DAYS,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_FORECAST_DAYS)
  days?: number;

  @ApiPropertyOptional({ description: 'ISO 4217 code; default: the kiosk’s main currency', example: 'USD' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency?: string;
}

export class ForecastDayDto {
  @ApiProperty({ example: '2026-11-26', description: 'UTC day' })
  date: string;

  @ApiProperty({ example: 182.4, description: 'Expected net revenue (sales minus refunds), major units' })
  expected: number;

  @ApiProperty({ example: 131.0, description: 'Lower bound of the 95 % prediction interval' })
  low: number;

  @ApiProperty({ example: 233.8, description: 'Upper bound of the 95 % prediction interval' })
  high: number;
}

export class ForecastBacktestDto {
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 0.12,
    description: 'Mean absolute percentage error of the model on the held-out last days (0.12 = 12 %)',
  })
  mape: number | null;

  @ApiProperty({
    nullable: true,
    type: Number,
    example: 0.18,
    description: 'The same for the seasonal-naive baseline (last week repeated)',
  })
  baselineMape: number | null;

  @ApiProperty({ example: 14, description: 'Days held out; 0 when the history is too short to backtest' })
  days: number;
}

export class SalesForecastDto {
  @ApiProperty({ example: 1 })
  kioskId: number;

  @ApiProperty({ example: 'USD' })
  currency: string;

  @ApiProperty({
    enum: ['holt_winters', 'mean'],
    description:
      '`holt_winters` (damped trend, weekly seasonality) from 14 days of history; `mean` before that',
  })
  method: 'holt_winters' | 'mean';

  @ApiProperty({ example: 120, description: 'Days of history used, up to yesterday' })
  historyDays: number;

  @ApiProperty({ type: [ForecastDayDto] })
  days: ForecastDayDto[];

  @ApiProperty({ type: ForecastBacktestDto })
  backtest: ForecastBacktestDto;
}
