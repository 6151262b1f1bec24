import type { TelemetryReading } from '@app/contracts';
import type { FlatReading } from '@app/ml';

/** A stored reading in the feature spec's flat, wire-named shape. */
export function flatReadingOf(r: TelemetryReading): FlatReading {
  return {
    temperature: r.environmental.temperature,
    humidity: r.environmental.humidity,
    air_quality: r.environmental.airQuality,
    cpu_temp: r.hardware.cpuTemp,
    cpu_usage: r.hardware.cpuUsage,
    ram_usage: r.hardware.ramUsage,
    disk_usage: r.hardware.diskUsage,
    latency: r.network.latency,
    signal_strength: r.network.signalStrength,
    printer_status: r.peripherals.printerStatus ?? null,
    cash_acceptor: r.peripherals.cashAcceptor ?? null,
    card_reader: r.peripherals.cardReader ?? null,
  };
}
