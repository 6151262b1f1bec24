import type { KioskDto } from './kiosk-filters';
import type { CommandDto, FeedReading } from './live-merge';

/** Resources shaped as the API answers them, for the tests of this folder. */
export function kiosk(id: number, over: Partial<KioskDto> = {}): KioskDto {
  return {
    id,
    serial: `SIM-KIOSK-${String(id).padStart(3, '0')}`,
    name: `Kiosk ${id}`,
    code: `CODE${String(id).padStart(6, '0')}`,
    location: { lat: -34.6, lng: -58.38, address: null },
    tags: ['station'],
    status: 'online',
    canSell: 'full',
    assignedTo: null,
    createdAt: '2026-12-01T10:00:00.000Z',
    lastSeenAt: '2026-12-07T10:00:00.000Z',
    firmwareVersion: '2.3.0',
    capabilities: null,
    config: { desiredVersion: 0, appliedVersion: 0 },
    ...over,
  };
}

export function command(over: Partial<CommandDto> = {}): CommandDto {
  return {
    id: '6f1c2b1e-0000-4000-8000-000000000001',
    kioskId: 1,
    command: 'restart',
    params: {},
    status: 'pending',
    ttlSeconds: 120,
    expiresAt: '2026-12-07T10:02:00.000Z',
    createdAt: '2026-12-07T10:00:00.000Z',
    createdBy: null,
    batchId: null,
    holdReason: null,
    deliveries: 0,
    sentAt: null,
    acknowledgedAt: null,
    completedAt: null,
    error: null,
    ...over,
  };
}

export function reading(timestamp: string, cpuTemp = 50): FeedReading {
  return {
    timestamp,
    environmental: { temperature: 24, humidity: 50, airQuality: 30 },
    hardware: { cpuTemp, cpuUsage: 40, ramUsage: 60, diskUsage: 70 },
    peripherals: { printerStatus: 'ready', cashAcceptor: 'ready', cardReader: 'ready' },
    location: { lat: -34.6, lng: -58.38 },
    network: { latency: 80, signalStrength: -60 },
  };
}
