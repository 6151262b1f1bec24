import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  DEFAULT_ATTENTION_LIMIT,
  KIOSK_STATUSES,
  KioskStatus,
  MAX_ATTENTION_LIMIT,
  SELL_CAPABILITIES,
  SellCapability,
} from '@app/contracts';
import { KioskDto } from './kiosk.dto';

export class FleetSummaryQueryDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_ATTENTION_LIMIT,
    default: DEFAULT_ATTENTION_LIMIT,
    description: 'How many kiosks `attention` lists at most (0: none)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_ATTENTION_LIMIT)
  attentionLimit: number = DEFAULT_ATTENTION_LIMIT;
}

/** No parameters: declared so that any query parameter is refused (400) rather than ignored. */
export class KioskMapPointsQueryDto {}

export class FleetStatusCountsDto {
  @ApiProperty({ example: 9120 })
  online: number;

  @ApiProperty({ example: 40 })
  stale: number;

  @ApiProperty({ example: 800 })
  offline: number;

  @ApiProperty({ example: 12 })
  blocked: number;

  @ApiProperty({ example: 28 })
  maintenance: number;

  @ApiProperty({ example: 3, description: 'Not part of `total`: out of service for good' })
  decommissioned: number;
}

export class FleetSellCountsDto {
  @ApiProperty({ example: 9000 })
  full: number;

  @ApiProperty({ example: 60 })
  card_only: number;

  @ApiProperty({ example: 20 })
  cash_only: number;

  @ApiProperty({ example: 120 })
  none: number;

  @ApiProperty({ example: 800, description: 'Kiosks that have not reported what they can sell yet' })
  unknown: number;
}

export class FleetSummaryDto {
  @ApiProperty({ example: 10000, description: 'Kiosks counted: visible to the caller, not decommissioned' })
  total: number;

  @ApiProperty({ type: FleetStatusCountsDto })
  byStatus: FleetStatusCountsDto;

  @ApiProperty({ type: FleetSellCountsDto, description: 'Over the kiosks of `total`' })
  bySell: FleetSellCountsDto;

  @ApiProperty({
    type: [KioskDto],
    description:
      'Kiosks someone should look at, most urgent first: blocked, then offline, then stale; within a status the one silent the longest (never seen first). At most `attentionLimit`.',
  })
  attention: KioskDto[];
}

export class KioskMapPointDto {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({ example: 'Retiro station, hall B' })
  name: string;

  @ApiProperty({ example: 'SIM-KIOSK-001' })
  serial: string;

  @ApiProperty({ example: -34.6037 })
  lat: number;

  @ApiProperty({ example: -58.3816 })
  lng: number;

  @ApiProperty({ enum: KIOSK_STATUSES, enumName: 'KioskStatus', example: 'online' })
  status: KioskStatus;

  // Inline, not the SellCapability component: OpenAPI 3.0 gives `nullable` no meaning beside a `$ref`.
  @ApiProperty({ type: 'string', enum: SELL_CAPABILITIES, nullable: true, example: 'full' })
  canSell: SellCapability | null;
}

export class KioskMapPointsDto {
  @ApiProperty({
    type: [KioskMapPointDto],
    description: 'Every visible kiosk not decommissioned, by id; one response, not paged',
  })
  items: KioskMapPointDto[];
}
