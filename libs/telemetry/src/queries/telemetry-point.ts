import type { StoredTelemetryRow } from '@app/contracts';
import type { TelemetryExportPointDto } from '../dto/telemetry-export.dto';

/** A stored reading's columns as the telemetry reads select them; its times are each caller's. */
export type StoredPointRow = Omit<StoredTelemetryRow, 'kiosk_id' | 'ts' | 'received_at'> & {
  extra: Record<string, unknown> | null;
  /** Selected by the export only. */
  anomaly_score?: number | null;
};

/** A point's two times, as the caller formats them from its row. */
export type PointTimes<R> = (r: R) => { timestamp: string; receivedAt: string };

/**
 * A stored reading as the API answers it (the raw telemetry query's items and the export's lines):
 * absent peripherals, accuracy, anomaly score and extra omitted. The caller formats the times (the
 * query reads them as Date, the export as epoch microseconds so nothing is rounded away).
 */
export function toTelemetryPoint<R extends StoredPointRow>(
  r: R,
  times: PointTimes<R>,
): TelemetryExportPointDto {
  const { timestamp, receivedAt } = times(r);
  return {
    timestamp,
    receivedAt,
    seq: r.seq,
    environmental: { temperature: r.temperature, humidity: r.humidity, airQuality: r.air_quality },
    hardware: { cpuTemp: r.cpu_temp, cpuUsage: r.cpu_usage, ramUsage: r.ram_usage, diskUsage: r.disk_usage },
    peripherals: {
      ...(r.printer_status !== null && { printerStatus: r.printer_status }),
      ...(r.cash_acceptor !== null && { cashAcceptor: r.cash_acceptor }),
      ...(r.card_reader !== null && { cardReader: r.card_reader }),
    },
    location: { lat: r.lat, lng: r.lng, ...(r.accuracy !== null && { accuracy: r.accuracy }) },
    network: { latency: r.latency, signalStrength: r.signal_strength },
    ...(r.anomaly_score != null && { anomalyScore: r.anomaly_score }),
    ...(r.extra !== null && { extra: r.extra }),
  };
}
