import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, Min, MaxLength } from 'class-validator';
import { TELEMETRY_BUCKETS, TelemetryBucket } from '../queries/get-telemetry/telemetry-bucket';

/** `GET /kiosks/{id}/telemetry` query string. */
export class TelemetryQueryDto {
  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-11-25T09:00:00.000Z',
    description:
      'Start (inclusive) on the kiosk’s clock; without a zone, UTC. Default: one hour before `to`.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-11-25T10:00:00.000Z',
    description: 'End (exclusive) on the kiosk’s clock; without a zone, UTC. Default: now.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({
    enum: TELEMETRY_BUCKETS,
    default: 'raw',
    description:
      '`raw`: the readings (range ≤ 31 days). `1m`/`1h`/`1d`: avg/min/max per UTC bucket ' +
      '(range ≤ 31, 366 and 3660 days).',
  })
  @IsOptional()
  @IsIn(TELEMETRY_BUCKETS)
  bucket: TelemetryBucket = 'raw';

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 1000,
    default: 500,
    description: 'Readings or buckets per page',
  })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 500;

  @ApiPropertyOptional({
    description: 'Opaque cursor from a previous page’s `nextCursor` (same from/to/bucket)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}
