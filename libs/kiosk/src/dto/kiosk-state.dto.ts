import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import type { SchemaObjectMetadata } from '@nestjs/swagger/dist/interfaces/schema-object-metadata.interface';
import { KIOSK_STATUSES, KioskStatus, SELL_CAPABILITIES, SellCapability } from '@app/contracts';
import type { KioskStateEntity } from '../entities/kiosk-state.entity';

const READING_EXAMPLE = {
  timestamp: '2026-11-25T10:00:00.000Z',
  environmental: { temperature: 24.1, humidity: 51, airQuality: 37.5 },
  hardware: { cpuTemp: 55.2, cpuUsage: 41, ramUsage: 63.2, diskUsage: 71.9 },
  peripherals: { printerStatus: 'ready', cashAcceptor: 'ready', cardReader: 'ready' },
  location: { lat: -34.6037, lng: -58.3816, accuracy: 4.2 },
  network: { latency: 80.5, signalStrength: -61 },
};

/** A `$ref` where Nest's property metadata type (which omits `$ref`) expects a schema. */
const telemetryRef = (dto: string) => ({ $ref: getSchemaPath(dto) }) as SchemaObjectMetadata;

export class KioskStateDto {
  @ApiProperty({ example: 1 })
  kioskId: number;

  @ApiProperty({ enum: KIOSK_STATUSES, enumName: 'KioskStatus', example: 'online' })
  status: KioskStatus;

  @ApiProperty({ example: true, description: 'A socket of the kiosk is up' })
  connected: boolean;

  @ApiProperty({ example: true, description: 'A reading arrived within 3 telemetry intervals' })
  reporting: boolean;

  @ApiProperty({
    type: Boolean,
    nullable: true,
    example: true,
    description: 'Every reported peripheral is ready',
  })
  peripheralsOk: boolean | null;

  // Inline, not the SellCapability component: OpenAPI 3.0 gives `nullable` no meaning beside a `$ref`.
  @ApiProperty({ type: 'string', enum: SELL_CAPABILITIES, nullable: true, example: 'full' })
  canSell: SellCapability | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastSeenAt: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.4,
    description: 'Kiosk clock minus server clock, seconds',
  })
  clockSkewSec: number | null;

  // Inline, with refs to the telemetry DTOs: `nullable` beside a `$ref` means nothing in OpenAPI 3.0.
  @ApiProperty({
    type: 'object',
    nullable: true,
    description: 'The newest reading (readingView: a telemetry point without receivedAt, seq, extra)',
    properties: {
      timestamp: { type: 'string', format: 'date-time', description: 'The kiosk’s clock' },
      environmental: telemetryRef('TelemetryEnvironmentalDto'),
      hardware: telemetryRef('TelemetryHardwareDto'),
      peripherals: telemetryRef('TelemetryPeripheralsDto'),
      location: telemetryRef('TelemetryLocationDto'),
      network: telemetryRef('TelemetryNetworkDto'),
    },
    required: ['timestamp', 'environmental', 'hardware', 'peripherals', 'location', 'network'],
    selfRequired: true, // `required` above names the reading's fields; the property itself is always sent
    additionalProperties: false,
    example: READING_EXAMPLE,
  })
  lastReading: Record<string, unknown> | null;

  static from(s: KioskStateEntity): KioskStateDto {
    return {
      kioskId: s.kioskId,
      status: s.status,
      connected: s.connected,
      reporting: s.reporting,
      peripheralsOk: s.peripheralsOk,
      canSell: s.canSell,
      lastSeenAt: s.lastSeenAt?.toISOString() ?? null,
      clockSkewSec: s.clockSkewSec,
      lastReading: s.lastReading,
    };
  }
}
