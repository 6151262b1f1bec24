import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDateString,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@app/core';

const WINDOW_SCOPES = ['tag', 'kiosk'] as const;
export type WindowScopeKind = (typeof WINDOW_SCOPES)[number];

export class WindowScopeDto {
  @ApiProperty({ enum: WINDOW_SCOPES, example: 'kiosk' })
  @IsIn(WINDOW_SCOPES)
  kind: WindowScopeKind;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'integer' }],
    example: 1,
    description: 'The tag or kiosk id',
  })
  @IsDefined()
  value: string | number;
}

export class CreateMaintenanceWindowDto {
  @ApiProperty({ type: WindowScopeDto })
  @ValidateNested()
  @Type(() => WindowScopeDto)
  scope: WindowScopeDto;

  @ApiProperty({ format: 'date-time', example: '2026-12-24T22:00:00Z' })
  @IsDateString({ strict: true })
  startsAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-25T06:00:00Z' })
  @IsDateString({ strict: true })
  endsAt: string;

  @ApiProperty({ example: 'Replacing the card reader', maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

export class ListMaintenanceWindowsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only windows in force now' })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}

export class MaintenanceWindowDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: WindowScopeDto })
  scope: WindowScopeDto;

  @ApiProperty({ format: 'date-time' })
  startsAt: string;

  @ApiProperty({ format: 'date-time' })
  endsAt: string;

  @ApiProperty()
  reason: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  createdBy: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
