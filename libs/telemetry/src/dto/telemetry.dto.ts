import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { CARD_READER_STATUSES, CASH_ACCEPTOR_STATUSES, PRINTER_STATUSES } from '@app/contracts';
import type { CardReaderStatus, CashAcceptorStatus, PrinterStatus } from '@app/contracts';

export class TelemetryEnvironmentalDto {
  @ApiProperty({ example: 24.1 }) temperature: number;
  @ApiProperty({ example: 51 }) humidity: number;
  @ApiProperty({ example: 37.5 }) airQuality: number;
}

export class TelemetryHardwareDto {
  @ApiProperty({ example: 55.2 }) cpuTemp: number;
  @ApiProperty({ example: 41 }) cpuUsage: number;
  @ApiProperty({ example: 63.2 }) ramUsage: number;
  @ApiProperty({ example: 71.9 }) diskUsage: number;
}

/** Only the peripherals the kiosk reported. */
export class TelemetryPeripheralsDto {
  @ApiPropertyOptional({ enum: PRINTER_STATUSES, example: 'ready' }) printerStatus?: PrinterStatus;
  @ApiPropertyOptional({ enum: CASH_ACCEPTOR_STATUSES, example: 'ready' }) cashAcceptor?: CashAcceptorStatus;
  @ApiPropertyOptional({ enum: CARD_READER_STATUSES, example: 'ready' }) cardReader?: CardReaderStatus;
}

export class TelemetryLocationDto {
  @ApiProperty({ example: -34.6037 }) lat: number;
  @ApiProperty({ example: -58.3816 }) lng: number;
  @ApiPropertyOptional({ example: 4.2 }) accuracy?: number;
}

export class TelemetryNetworkDto {
  @ApiProperty({ example: 80.5 }) latency: number;
  @ApiProperty({ example: -61 }) signalStrength: number;
}

/** One stored reading. */
export class TelemetryPointDto {
  @ApiProperty({ format: 'date-time', example: '2026-11-25T10:00:00.000Z', description: 'The kiosk’s clock' })
  timestamp: string;

  @ApiProperty({
    format: 'date-time',
    example: '2026-11-25T10:00:00.080Z',
    description: 'The server’s clock',
  })
  receivedAt: string;

  @ApiProperty({ type: Number, nullable: true, example: 42 })
  seq: number | null;

  @ApiProperty({ type: TelemetryEnvironmentalDto }) environmental: TelemetryEnvironmentalDto;
  @ApiProperty({ type: TelemetryHardwareDto }) hardware: TelemetryHardwareDto;
  @ApiProperty({ type: TelemetryPeripheralsDto }) peripherals: TelemetryPeripheralsDto;
  @ApiProperty({ type: TelemetryLocationDto }) location: TelemetryLocationDto;
  @ApiProperty({ type: TelemetryNetworkDto }) network: TelemetryNetworkDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath('JsonValue') },
    description: 'Fields the firmware sent that this server does not know',
    example: { door_open: false },
  })
  extra?: Record<string, unknown>;
}

export class TelemetryRawPageDto {
  @ApiProperty({ type: [TelemetryPointDto] }) items: TelemetryPointDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export class TelemetryAggregateDto {
  @ApiProperty({ example: 24.35 }) avg: number;
  @ApiProperty({ example: 23.9 }) min: number;
  @ApiProperty({ example: 24.8 }) max: number;
}

/** avg/min/max of each numeric field over one bucket of the kiosk’s clock. */
export class TelemetryBucketDto {
  @ApiProperty({ format: 'date-time', example: '2026-11-25T10:00:00.000Z' }) bucketStart: string;
  @ApiProperty({ example: 12, description: 'Readings in the bucket' }) count: number;
  @ApiProperty({ type: TelemetryAggregateDto }) temperature: TelemetryAggregateDto;
  @ApiProperty({ type: TelemetryAggregateDto }) humidity: TelemetryAggregateDto;
  @ApiProperty({ type: TelemetryAggregateDto }) airQuality: TelemetryAggregateDto;
  @ApiProperty({ type: TelemetryAggregateDto }) cpuTemp: TelemetryAggregateDto;
  @ApiProperty({ type: TelemetryAggregateDto }) cpuUsage: TelemetryAggregateDto;
  @ApiProperty({ type: TelemetryAggregateDto }) ramUsage: TelemetryAggregateDto;
  @ApiProperty({ type: TelemetryAggregateDto }) diskUsage: TelemetryAggregateDto;
  @ApiProperty({ type: TelemetryAggregateDto }) latency: TelemetryAggregateDto;
  @ApiProperty({ type: TelemetryAggregateDto }) signalStrength: TelemetryAggregateDto;
}

export class TelemetryBucketPageDto {
  @ApiProperty({ type: [TelemetryBucketDto] }) items: TelemetryBucketDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}
