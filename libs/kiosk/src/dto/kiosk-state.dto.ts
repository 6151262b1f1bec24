import { ApiProperty } from '@nestjs/swagger';
import { KIOSK_STATUSES, KioskStatus, SELL_CAPABILITIES, SellCapability } from '@app/core';
import type { KioskStateEntity } from '../entities/kiosk-state.entity';

const READING_EXAMPLE = {
  timestamp: '2026-11-25T10:00:00.000Z',
  environmental: { temperature: 24.1, humidity: 51, airQuality: 37.5 },
  hardware: { cpuTemp: 55.2, cpuUsage: 41, ramUsage: 63.2, diskUsage: 71.9 },
  peripherals: { printerStatus: 'ready', cashAcceptor: 'ready', cardReader: 'ready' },
  location: { lat: -34.6037, lng: -58.3816, accuracy: 4.2 },
  network: { latency: 80.5, signalStrength: -61 },
};

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

  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, example: READING_EXAMPLE })
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
