import type { KioskCredential } from './protocol';

/** Where a bench kiosk reports itself unless its bench placed it elsewhere. */
export const BENCH_LOCATION = { lat: -34.6037, lng: -58.3816, accuracy: 4.2 };

export type ReadingLocation = typeof BENCH_LOCATION;

/**
 * A healthy unit's sensor values: one fixed set for every bench, so that what a bench measures is
 * the server's handling of a reading, not which rule a random value happened to trip.
 */
export function sensorValues(location: ReadingLocation = BENCH_LOCATION) {
  return {
    environmental: { temperature: 24.1, humidity: 51.0, air_quality: 37.5 },
    hardware: { cpu_temp: 55.2, cpu_usage: 41.0, ram_usage: 63.2, disk_usage: 71.9 },
    peripherals: { printer_status: 'ready', cash_acceptor: 'ready', card_reader: 'ready' },
    location,
    network: { latency: 80.5, signal_strength: -61.0 },
  };
}

/** The CONTRACT §3 payload of one kiosk, fresh per reading (timestamp and seq change). */
export function kioskReading(
  cred: KioskCredential,
  seq: number,
  location: ReadingLocation = BENCH_LOCATION,
): Record<string, unknown> {
  return {
    timestamp: new Date().toISOString(),
    kiosk_id: cred.id,
    serial: cred.serial,
    seq,
    ...sensorValues(location),
  };
}
