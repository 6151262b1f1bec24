import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { TelemetryPointDto } from './telemetry.dto';

export const TELEMETRY_EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type TelemetryExportFormat = (typeof TELEMETRY_EXPORT_FORMATS)[number];

/** `GET /kiosks/{id}/telemetry/export` query string. */
export class TelemetryExportQueryDto {
  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-11-25T00:00:00.000Z',
    description:
      'Start (inclusive) on the kiosk’s clock; without a zone, UTC. Default: one hour before `to`.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-11-26T00:00:00.000Z',
    description:
      'End (exclusive) on the kiosk’s clock; without a zone, UTC. Default: now. At most 31 days after `from`.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({
    enum: TELEMETRY_EXPORT_FORMATS,
    default: 'csv',
    description: '`csv` (header row, one reading per row) or `ndjson` (one JSON object per line)',
  })
  @IsOptional()
  @IsIn(TELEMETRY_EXPORT_FORMATS)
  format: TelemetryExportFormat = 'csv';
}

/** One line of an NDJSON export: a raw telemetry item, plus the anomaly score when the reading has one. */
export class TelemetryExportPointDto extends TelemetryPointDto {
  @ApiPropertyOptional({
    type: Number,
    example: 0.12,
    description: 'The anomaly model’s score, stored with the reading while a model was active',
  })
  anomalyScore?: number;
}
