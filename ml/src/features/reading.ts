import { NUMERIC_FIELDS, NumericField, PERIPHERAL_FIELDS, PeripheralField } from './feature-spec';

/**
 * One reading, flat, with the wire's snake_case names: the shape of a `telemetry` row, of a
 * ground-truth / dataset CSV row, and of a `kiosk_update` once flattened.
 */
export type FlatReading = Record<NumericField, number> & Record<PeripheralField, string | null>;

/** The nested sections of a `kiosk_update` payload (CONTRACT.md §3) the model reads. */
export interface WireReading {
  environmental: { temperature: number; humidity: number; air_quality: number };
  hardware: { cpu_temp: number; cpu_usage: number; ram_usage: number; disk_usage: number };
  peripherals?: { printer_status?: string; cash_acceptor?: string; card_reader?: string } | null;
  network: { latency: number; signal_strength: number };
}

export function flattenWireReading(r: WireReading): FlatReading {
  return {
    temperature: r.environmental.temperature,
    humidity: r.environmental.humidity,
    air_quality: r.environmental.air_quality,
    cpu_temp: r.hardware.cpu_temp,
    cpu_usage: r.hardware.cpu_usage,
    ram_usage: r.hardware.ram_usage,
    disk_usage: r.hardware.disk_usage,
    latency: r.network.latency,
    signal_strength: r.network.signal_strength,
    printer_status: r.peripherals?.printer_status ?? null,
    cash_acceptor: r.peripherals?.cash_acceptor ?? null,
    card_reader: r.peripherals?.card_reader ?? null,
  };
}

/** True when every numeric field is a finite number: the extractor's only precondition. */
export function isCompleteReading(r: Partial<Record<string, unknown>>): boolean {
  return NUMERIC_FIELDS.every((f) => typeof r[f] === 'number' && Number.isFinite(r[f]));
}

export { NUMERIC_FIELDS, PERIPHERAL_FIELDS };
