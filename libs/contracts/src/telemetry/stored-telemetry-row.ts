import type { CardReaderStatus, CashAcceptorStatus, PrinterStatus } from './telemetry-reading';

/**
 * A row of the `telemetry` table as node-postgres returns it (snake_case columns). Telemetry owns
 * the table; the alert module reads it too, for backtests and for rebuilding its state.
 */
export interface StoredTelemetryRow {
  kiosk_id: number;
  ts: Date;
  received_at: Date;
  seq: number | null;
  temperature: number;
  humidity: number;
  air_quality: number;
  cpu_temp: number;
  cpu_usage: number;
  ram_usage: number;
  disk_usage: number;
  printer_status: PrinterStatus | null;
  cash_acceptor: CashAcceptorStatus | null;
  card_reader: CardReaderStatus | null;
  lat: number;
  lng: number;
  accuracy: number | null;
  latency: number;
  signal_strength: number;
}
