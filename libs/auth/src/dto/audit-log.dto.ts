import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '@app/core';
import type { AuditLogEntity } from '../entities/audit-log.entity';

export class AuditLogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'auth.login_failed' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601()
  to?: string;
}

export class AuditLogEntryDto {
  @ApiProperty({ example: '42' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt: string;

  @ApiProperty({ example: 'auth.login_failed' })
  action: string;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  actorId: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'admin' })
  actorUsername: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'user' })
  targetType: string | null;

  @ApiProperty({ type: String, nullable: true })
  targetId: string | null;

  @ApiProperty({ type: String, nullable: true, example: '127.0.0.1' })
  ip: string | null;

  @ApiProperty({ type: String, nullable: true })
  requestId: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath('JsonValue') },
    example: { reason: 'bad_password' },
  })
  details: Record<string, unknown>;

  static from(e: AuditLogEntity): AuditLogEntryDto {
    return {
      id: String(e.id),
      occurredAt: e.occurredAt.toISOString(),
      action: e.action,
      actorId: e.actorId,
      actorUsername: e.actorUsername,
      targetType: e.targetType,
      targetId: e.targetId,
      ip: e.ip,
      requestId: e.requestId,
      details: e.details,
    };
  }
}
