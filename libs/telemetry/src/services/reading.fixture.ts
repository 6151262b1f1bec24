import type { TelemetryReading } from '@app/contracts';

/** A valid reading for unit specs; override what the case is about. */
export function aReading(overrides: Partial<TelemetryReading> = {}): TelemetryReading {
  return {
    kioskId: 1,
    timestamp: new Date('2026-11-25T10:00:00.000Z'),
    receivedAt: new Date('2026-11-25T10:00:00.050Z'),
    seq: 1,
    environmental: { temperature: 24.1, humidity: 51, airQuality: 37.5 },
    hardware: { cpuTemp: 55.2, cpuUsage: 41, ramUsage: 63.2, diskUsage: 71.9 },
    peripherals: { printerStatus: 'ready', cashAcceptor: 'ready', cardReader: 'ready' },
    location: { lat: -34.6037, lng: -58.3816, accuracy: 4.2 },
    network: { latency: 80.5, signalStrength: -61 },
    extra: null,
    ...overrides,
  };
}
