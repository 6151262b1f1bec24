import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { ALERT_SEVERITIES, AlertSeverity } from '@app/contracts';

export const POLICY_CHANNELS = ['email'] as const;
export type PolicyChannel = (typeof POLICY_CHANNELS)[number];

const TAGS_DESCRIPTION = 'Only kiosks carrying at least one of these tags; omitted or null: every kiosk';

export class CreateNotificationPolicyDto {
  @ApiProperty({ enum: POLICY_CHANNELS, example: 'email' })
  @IsIn(POLICY_CHANNELS)
  channel: PolicyChannel;

  @ApiProperty({ type: [String], example: ['oncall@example.com'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsEmail({}, { each: true })
  @MaxLength(254, { each: true })
  recipients: string[];

  @ApiProperty({ enum: ALERT_SEVERITIES, enumName: 'AlertSeverity', example: 'major' })
  @IsIn(ALERT_SEVERITIES)
  minSeverity: AlertSeverity;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    example: ['airport'],
    description: TAGS_DESCRIPTION,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9_.:-]{1,40}$/, { each: true, message: 'each tag is 1-40 letters, digits, _ . : -' })
  tags?: string[] | null;
}

export class UpdateNotificationPolicyDto {
  @ApiPropertyOptional({ type: [String], example: ['oncall@example.com', 'fleet@example.com'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsEmail({}, { each: true })
  @MaxLength(254, { each: true })
  recipients?: string[];

  @ApiPropertyOptional({ enum: ALERT_SEVERITIES, enumName: 'AlertSeverity', example: 'critical' })
  @IsOptional()
  @IsIn(ALERT_SEVERITIES)
  minSeverity?: AlertSeverity;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    description: TAGS_DESCRIPTION,
    example: ['airport'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9_.:-]{1,40}$/, { each: true, message: 'each tag is 1-40 letters, digits, _ . : -' })
  tags?: string[] | null;
}

export interface NotificationPolicyRow {
  id: string;
  channel: PolicyChannel;
  recipients: string[];
  min_severity: AlertSeverity;
  tags: string[] | null;
  created_at: Date;
}

export class NotificationPolicyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: POLICY_CHANNELS })
  channel: PolicyChannel;

  @ApiProperty({ type: [String] })
  recipients: string[];

  @ApiProperty({ enum: ALERT_SEVERITIES, enumName: 'AlertSeverity', example: 'major' })
  minSeverity: AlertSeverity;

  @ApiPropertyOptional({ type: [String], nullable: true })
  tags: string[] | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static from(r: NotificationPolicyRow): NotificationPolicyDto {
    return {
      id: r.id,
      channel: r.channel,
      recipients: r.recipients,
      minSeverity: r.min_severity,
      tags: r.tags,
      createdAt: r.created_at.toISOString(),
    };
  }
}
