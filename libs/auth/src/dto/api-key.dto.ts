import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Role } from '@app/contracts';
import type { ApiKeyEntity, ApiKeyRole } from '../entities/api-key.entity';

/** The same tag rule as a kiosk's tags: a key's tags are matched against them. */
const TAG = /^[A-Za-z0-9._:/-]{1,40}$/;
/** Printable text; no control characters (they would garble the admin list and the audit log). */
const NAME = /^[^\p{Cc}]+$/u;
const API_KEY_ROLES: readonly ApiKeyRole[] = [Role.Operator, Role.Viewer];
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateApiKeyDto {
  @ApiProperty({ example: 'ERP integration (Buenos Aires stations)', minLength: 1, maxLength: 100 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(NAME, { message: 'name may not contain control characters' })
  name: string;

  @ApiProperty({
    enum: API_KEY_ROLES,
    example: Role.Viewer,
    description: 'What the key may do, as a user of that role; never `admin`',
  })
  @IsIn(API_KEY_ROLES, { message: 'role must be operator or viewer' })
  role: ApiKeyRole;

  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: 20,
    example: ['station', 'buenos-aires'],
    description: 'The key sees only kiosks carrying at least one of these tags (other kiosks answer 404)',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'tags must name at least one tag' })
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(TAG, { each: true, message: 'each tag must be 1-40 letters, digits or . _ : / -' })
  tags: string[];

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2027-06-30T00:00:00Z',
    description:
      'After this instant the key answers 401; absent: the key does not expire. Must be in the future.',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  expiresAt?: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid', example: '6f1c2a4e-7b1d-4c0e-9a55-3e2f1d0c9b8a' })
  id: string;

  @ApiProperty({ example: 'ERP integration (Buenos Aires stations)' })
  name: string;

  @ApiProperty({
    example: 'kf_q7mz2kxa',
    description: 'The key’s first characters, not secret: tells keys apart and traces a leaked key',
  })
  prefix: string;

  @ApiProperty({ enum: API_KEY_ROLES, example: Role.Viewer })
  role: ApiKeyRole;

  @ApiProperty({ type: [String], example: ['station', 'buenos-aires'] })
  tags: string[];

  @ApiProperty({ format: 'date-time', example: '2026-12-01T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2027-06-30T00:00:00.000Z' })
  expiresAt: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: null,
    description: 'Last authenticated use, to the minute (written at most once a minute)',
  })
  lastUsedAt: string | null;

  static from(k: ApiKeyEntity): ApiKeyDto {
    return {
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      role: k.role,
      tags: k.tags,
      createdAt: k.createdAt.toISOString(),
      expiresAt: k.expiresAt?.toISOString() ?? null,
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    };
  }
}

export class CreatedApiKeyDto {
  @ApiProperty({ type: ApiKeyDto })
  apiKey: ApiKeyDto;

  @ApiProperty({
    example: 'kf_q7mz2kxa_4pVw0bJ7x0m2sQ9yTzX1cKfH3nR8uLdE6aG5iO_vBqY',
    description: 'Send as `X-API-Key`. Shown only in this response: only its SHA-256 is stored.',
  })
  key: string;
}
