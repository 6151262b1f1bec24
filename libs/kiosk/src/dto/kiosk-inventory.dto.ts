import { ApiProperty } from '@nestjs/swagger';

export class KioskCapabilitiesDto {
  @ApiProperty({ type: [String], example: ['temperature', 'humidity', 'air_quality', 'gps'] })
  sensors: string[];

  @ApiProperty({ type: [String], example: ['printer', 'cash_acceptor', 'card_reader'] })
  peripherals: string[];

  @ApiProperty({ type: [String], example: ['payments_cash', 'payments_card', 'firmware_update'] })
  features: string[];
}

export class FirmwareVersionCountDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2.3.0',
    description: 'As the kiosks report it; null for kiosks that never reported a version',
  })
  version: string | null;

  @ApiProperty({
    example: true,
    description: 'Whether `version` is a semantic version (only those take part in `firmwareBelow`)',
  })
  semver: boolean;

  @ApiProperty({ example: 42, minimum: 1 })
  count: number;
}

export class FirmwareSummaryDto {
  @ApiProperty({
    type: [FirmwareVersionCountDto],
    description:
      'Semantic versions newest first, then other versions in byte order, then kiosks with no version',
    example: [
      { version: '2.3.0', semver: true, count: 40 },
      { version: '2.3.0-rc.1', semver: true, count: 2 },
      { version: '2.2.9', semver: true, count: 7 },
      { version: 'legacy-build-7', semver: false, count: 1 },
      { version: null, semver: false, count: 3 },
    ],
  })
  versions: FirmwareVersionCountDto[];

  @ApiProperty({ example: 53, description: 'Kiosks counted (visible and not decommissioned)' })
  total: number;
}

export class FirmwareHistoryEntryDto {
  @ApiProperty({ example: '2.3.0' })
  firmwareVersion: string;

  @ApiProperty({
    format: 'date-time',
    example: '2026-12-07T10:00:00.000Z',
    description: 'The join that first reported this version (after another one)',
  })
  firstReportedAt: string;
}
