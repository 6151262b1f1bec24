import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { KIOSK_STATUSES, KioskStatus, SELL_CAPABILITIES, SellCapability } from '@app/contracts';
import type { KioskConfigEntity } from '../entities/kiosk-config.entity';
import type { KioskStateEntity } from '../entities/kiosk-state.entity';
import type { KioskEntity } from '../entities/kiosk.entity';
import type { KioskCapabilitiesDto } from './kiosk-inventory.dto';

const TAG = /^[A-Za-z0-9._:/-]{1,40}$/;

export class LocationDto {
  @ApiProperty({ example: -34.6037, minimum: -90, maximum: 90 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLatitude()
  lat: number;

  @ApiProperty({ example: -58.3816, minimum: -180, maximum: 180 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLongitude()
  lng: number;

  @ApiPropertyOptional({
    type: String,
    example: 'Av. de Mayo 500, Buenos Aires',
    nullable: true,
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  address?: string | null;
}

export class RegisterKioskDto {
  @ApiProperty({
    example: 'SIM-KIOSK-001',
    description: 'Unique; letters, digits and . _ : -',
    maxLength: 64,
  })
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,64}$/, { message: 'serial must be 1-64 letters, digits or . _ : -' })
  serial: string;

  @ApiProperty({ example: 'Retiro station, hall B', maxLength: 120 })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @ApiProperty({ type: LocationDto })
  @ValidateNested()
  @Type(() => LocationDto)
  location: LocationDto;

  @ApiPropertyOptional({ type: [String], example: ['station', 'buenos-aires'], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(TAG, { each: true, message: 'each tag must be 1-40 letters, digits or . _ : / -' })
  tags?: string[];
}

export class UpdateKioskDto {
  @ApiPropertyOptional({ example: 'Retiro station, hall C', maxLength: 120 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ type: LocationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

  @ApiPropertyOptional({ type: [String], example: ['station'], description: 'Replaces the tag list' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(TAG, { each: true, message: 'each tag must be 1-40 letters, digits or . _ : / -' })
  tags?: string[];
}

/** Remote configuration versions of a kiosk (CONTRACT §8); the settings are at GET /kiosks/{id}/config. */
export class KioskConfigVersionsDto {
  @ApiProperty({
    example: 7,
    minimum: 0,
    description: 'Version of the merged settings the kiosk should run with; 0: none were ever set',
  })
  desiredVersion: number;

  @ApiProperty({
    example: 6,
    minimum: 0,
    description: 'The highest version the kiosk confirmed (`configure` acked `success`); 0: none',
  })
  appliedVersion: number;

  static from(c: Pick<KioskConfigEntity, 'desiredVersion' | 'appliedVersion'> | null | undefined) {
    return { desiredVersion: Number(c?.desiredVersion ?? 0), appliedVersion: Number(c?.appliedVersion ?? 0) };
  }
}

export class KioskDto {
  @ApiProperty({ example: 1, description: 'The same value as `kiosk_id` on the kiosk wire' })
  id: number;

  @ApiProperty({ example: 'SIM-KIOSK-001' })
  serial: string;

  @ApiProperty({ example: 'Retiro station, hall B' })
  name: string;

  @ApiProperty({
    example: 'K7QF3M9XCA',
    description: 'What the kiosk’s QR code encodes; claim it at POST /kiosks/assign',
  })
  code: string;

  @ApiProperty({ type: LocationDto })
  location: LocationDto;

  @ApiProperty({ type: [String], example: ['station'] })
  tags: string[];

  @ApiProperty({ enum: KIOSK_STATUSES, enumName: 'KioskStatus', example: 'online' })
  status: KioskStatus;

  // Inline, not the SellCapability component: OpenAPI 3.0 gives `nullable` no meaning beside a `$ref`.
  @ApiProperty({ type: 'string', enum: SELL_CAPABILITIES, nullable: true, example: 'full' })
  canSell: SellCapability | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The user the kiosk is assigned to',
  })
  assignedTo: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastSeenAt: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2.3.0',
    description:
      'As last reported in `kiosk_join` (`firmware_version`); a join without one keeps it. Null until reported.',
  })
  firmwareVersion: string | null;

  // Inline, not the KioskCapabilitiesDto component: OpenAPI 3.0 gives `nullable` no meaning beside a `$ref`.
  @ApiProperty({
    type: 'object',
    nullable: true,
    properties: {
      sensors: { type: 'array', items: { type: 'string' } },
      peripherals: { type: 'array', items: { type: 'string' } },
      features: { type: 'array', items: { type: 'string' } },
    },
    example: {
      sensors: ['temperature', 'humidity', 'air_quality', 'gps'],
      peripherals: ['printer', 'cash_acceptor', 'card_reader'],
      features: ['payments_cash', 'payments_card', 'firmware_update'],
    },
    description:
      'As reported in the last `kiosk_join` (lists it left out are empty). Null until the first join.',
  })
  capabilities: KioskCapabilitiesDto | null;

  @ApiProperty({
    type: KioskConfigVersionsDto,
    description: 'Remote configuration: behind (`desiredVersion > appliedVersion`) until the kiosk acks it',
  })
  config: KioskConfigVersionsDto;

  static from(
    k: KioskEntity,
    s: KioskStateEntity | null | undefined,
    config?: Pick<KioskConfigEntity, 'desiredVersion' | 'appliedVersion'> | null,
  ): KioskDto {
    return {
      id: k.id,
      serial: k.serial,
      name: k.name,
      code: k.code,
      location: { lat: k.lat, lng: k.lng, address: k.address },
      tags: k.tags,
      status: s?.status ?? (k.decommissionedAt ? 'decommissioned' : 'offline'),
      canSell: s?.canSell ?? null,
      assignedTo: k.assignedTo,
      createdAt: k.createdAt.toISOString(),
      lastSeenAt: s?.lastSeenAt?.toISOString() ?? null,
      firmwareVersion: k.firmwareVersion,
      capabilities: k.capabilities,
      config: KioskConfigVersionsDto.from(config),
    };
  }
}

export class RegisteredKioskDto {
  @ApiProperty({ type: KioskDto })
  kiosk: KioskDto;

  @ApiProperty({
    example: 'Zx3v9Qp2LrT8yKw1AbCdEf',
    description: 'The kiosk’s secret for the Socket.IO handshake. Shown only this once; stored hashed.',
  })
  secret: string;
}

export class AssignKioskDto {
  @ApiProperty({ example: 'K7QF3M9XCA', description: 'The code from the kiosk’s QR' })
  @IsString()
  @Matches(/^[A-Za-z0-9]{4,32}$/, { message: 'code must be 4-32 letters or digits' })
  code: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Admins only: assign to this user instead of yourself',
    example: '7d1f9a52-3c1e-4b7a-9f3e-2a6c1d8e5b40',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-f-]{36}$/i, { message: 'userId must be a UUID' })
  userId?: string;
}
