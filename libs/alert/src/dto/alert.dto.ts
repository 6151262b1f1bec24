import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '@app/core';
import {
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  ALERT_TYPES,
  AlertSeverity,
  AlertStatus,
  AlertType,
  AlertView,
} from '@app/contracts';

export class ExplanationTermDto {
  @ApiProperty({ example: 'cpu_temp' })
  feature: string;

  @ApiProperty({ example: 97.5 })
  value: number;

  @ApiProperty({ example: 0.42 })
  contribution: number;

  @ApiProperty({ example: 'CPU temperature 97.5 °C is far above this kiosk’s usual 55 °C' })
  text: string;
}

/** The alert resource (CONTRACT.md §6). */
export class AlertDto implements AlertView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: Number, nullable: true, example: 1, description: 'Null for site incidents' })
  kioskId: number | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  ruleId: string | null;

  @ApiProperty({ enum: ALERT_TYPES, enumName: 'AlertType', example: 'threshold' })
  type: AlertType;

  @ApiProperty({ enum: ALERT_SEVERITIES, enumName: 'AlertSeverity', example: 'major' })
  severity: AlertSeverity;

  @ApiProperty({ enum: ALERT_STATUSES, enumName: 'AlertStatus', example: 'open' })
  status: AlertStatus;

  @ApiProperty({ description: 'Raised during a maintenance window: recorded, not announced' })
  muted: boolean;

  @ApiProperty({ example: 'CPU temperature high' })
  title: string;

  @ApiProperty({ example: 3, description: 'Breaches counted while this alert was unresolved' })
  occurrences: number;

  @ApiProperty({ format: 'date-time' })
  firstSeenAt: string;

  @ApiProperty({ format: 'date-time' })
  lastSeenAt: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  acknowledgedBy: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  acknowledgedAt: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Null when resolved automatically',
  })
  resolvedBy: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  resolvedAt: string | null;

  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'Set on resolve: a label for the anomaly model',
  })
  falsePositive: boolean | null;

  @ApiProperty({
    type: [ExplanationTermDto],
    nullable: true,
    description: 'ai_anomaly: why the reading looked anomalous',
  })
  explanation: ExplanationTermDto[] | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The site incident this alert belongs to',
  })
  incidentId: string | null;
}

export class ListAlertsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ALERT_STATUSES, enumName: 'AlertStatus' })
  @IsOptional()
  @IsIn(ALERT_STATUSES)
  status?: AlertStatus;

  @ApiPropertyOptional({ enum: ALERT_SEVERITIES, enumName: 'AlertSeverity' })
  @IsOptional()
  @IsIn(ALERT_SEVERITIES)
  severity?: AlertSeverity;

  @ApiPropertyOptional({ enum: ALERT_TYPES, enumName: 'AlertType' })
  @IsOptional()
  @IsIn(ALERT_TYPES)
  type?: AlertType;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  kioskId?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Alerts grouped under this site incident' })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  incidentId?: string;
}

export class AcknowledgeAlertDto {
  @ApiPropertyOptional({ maxLength: 4000, description: 'Kept as a note', example: 'On my way to the kiosk' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  note?: string;
}

export class ResolveAlertDto {
  @ApiPropertyOptional({
    description: 'The alert was not a real problem (a training label for the anomaly model)',
    example: false,
  })
  @IsOptional()
  @IsBoolean()
  falsePositive?: boolean;

  @ApiPropertyOptional({ maxLength: 4000, description: 'Kept as a note', example: 'Fan replaced' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  note?: string;
}

export class AddAlertNoteDto {
  @ApiProperty({ maxLength: 4000, example: 'Technician on the way' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  body: string;
}

export class AlertNoteDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  alertId: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  authorId: string | null;

  @ApiProperty()
  body: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export const STATS_GROUPS = ['type', 'kiosk', 'tag', 'severity'] as const;
export type StatsGroup = (typeof STATS_GROUPS)[number];

export class AlertStatsQueryDto {
  @ApiProperty({ format: 'date-time', description: 'Alerts first seen at or after' })
  @IsDateString({ strict: true })
  from: string;

  @ApiProperty({ format: 'date-time', description: 'Alerts first seen before' })
  @IsDateString({ strict: true })
  to: string;

  @ApiPropertyOptional({ enum: STATS_GROUPS, default: 'type' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => value ?? 'type')
  @IsIn(STATS_GROUPS)
  groupBy: StatsGroup = 'type';
}

export class AlertStatsGroupDto {
  @ApiProperty({ example: 'threshold', description: 'The type, kiosk id, tag or severity' })
  key: string;

  @ApiProperty({ example: 12 })
  count: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Mean seconds from first seen to acknowledged' })
  mttaSec: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Mean seconds from first seen to resolved' })
  mttrSec: number | null;

  @ApiProperty({ type: Number, nullable: true })
  p90TtaSec: number | null;

  @ApiProperty({ type: Number, nullable: true })
  p90TtrSec: number | null;
}

export class AlertStatsDto {
  @ApiProperty({ type: [AlertStatsGroupDto] })
  groups: AlertStatsGroupDto[];
}
