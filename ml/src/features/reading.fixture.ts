import type { FlatReading } from './reading';

/** A healthy kiosk's reading, for tests; `overrides` set what a test is about. */
export function flatReading(overrides: Partial<FlatReading> = {}): FlatReading {
  return {
    temperature: 22,
    humidity: 45,
    air_quality: 30,
    cpu_temp: 50,
    cpu_usage: 20,
    ram_usage: 40,
    disk_usage: 60,
    latency: 50,
    signal_strength: -60,
    printer_status: 'ready',
    cash_acceptor: 'ready',
    card_reader: 'ready',
    ...overrides,
  };
}
