import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { PageQueryDto } from '@app/core';
import { KIOSK_STATUSES, KioskStatus } from '@app/contracts';
import { isSemver, MAX_FIRMWARE_VERSION_LENGTH } from '../services/firmware-version';

export class ListKiosksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: KIOSK_STATUSES, enumName: 'KioskStatus' })
  @IsOptional()
  @IsIn(KIOSK_STATUSES)
  status?: KioskStatus;

  @ApiPropertyOptional({ example: 'station' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  tag?: string;

  @ApiPropertyOptional({
    example: 'retiro',
    description: 'Case-insensitive search in serial, name and address',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    example: '2.3.0',
    maxLength: 64,
    description: 'Kiosks whose last reported firmware version is exactly this (compared as text)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_FIRMWARE_VERSION_LENGTH)
  firmwareVersion?: string;

  @ApiPropertyOptional({
    example: '2.3.0',
    maxLength: 64,
    description:
      'Kiosks whose firmware is a semantic version below this one, in semver order (2.3.0-rc.1 < 2.3.0; build metadata ignored). Must itself be semver (no `v` prefix); kiosks reporting a non-semver version or none are never included.',
  })
  @IsOptional()
  @IsString()
  @ValidateBy({
    name: 'isSemver',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && isSemver(v),
      defaultMessage: () => 'firmwareBelow must be a semantic version such as 2.3.0 or 2.3.0-rc.1',
    },
  })
  firmwareBelow?: string;

  @ApiPropertyOptional({
    type: Boolean,
    example: true,
    description:
      '`true`: kiosks behind their desired remote configuration (`config.desiredVersion > config.appliedVersion`); `false`: those up to date (or never configured)',
  })
  @IsOptional()
  // A query string is text: only the words true and false are booleans (anything else stays text and fails).
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'configDrift must be true or false' })
  configDrift?: boolean;
}

export class KioskQrQueryDto {
  @ApiPropertyOptional({ enum: ['png', 'svg'], default: 'png' })
  @IsOptional()
  @IsIn(['png', 'svg'])
  format: 'png' | 'svg' = 'png';
}

export class FirmwareHistoryQueryDto extends PageQueryDto {}
