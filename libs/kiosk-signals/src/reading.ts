/**
 * What the signal models produce, in the kiosk wire's own shape (CONTRACT.md §3, snake_case): the
 * sensor part of a `kiosk_update` and the items of a sale. Declared here, not taken from the
 * backend, so the models stay a client's view of the contract.
 */

/** REST ids may be numbers or strings (uuid); the wire carries whatever the server issued. */
export type KioskId = number | string;

export type PrinterStatus = 'ready' | 'low_ink' | 'paper_jam' | 'offline';
export type CashAcceptorStatus = 'ready' | 'full' | 'error';
export type CardReaderStatus = 'ready' | 'error';
export type PaymentMethod = 'cash' | 'card' | 'qr';
export type PaymentStatus = 'completed' | 'failed';

export interface EnvironmentalReading {
  temperature: number;
  humidity: number;
  air_quality: number;
}

export interface HardwareReading {
  cpu_temp: number;
  cpu_usage: number;
  ram_usage: number;
  disk_usage: number;
}

export interface PeripheralsReading {
  printer_status: PrinterStatus;
  cash_acceptor: CashAcceptorStatus;
  card_reader: CardReaderStatus;
}

export interface LocationReading {
  lat: number;
  lng: number;
  accuracy: number;
}

export interface NetworkReading {
  latency: number;
  signal_strength: number;
}

/** The sensor part of a `kiosk_update`: what the signal models produce. */
export interface TelemetryReading {
  environmental: EnvironmentalReading;
  hardware: HardwareReading;
  peripherals: PeripheralsReading;
  location: LocationReading;
  network: NetworkReading;
}

export interface KioskUpdatePayload extends TelemetryReading {
  timestamp: string;
  kiosk_id?: KioskId;
  serial?: string;
  seq?: number;
}

export interface PaymentItem {
  sku: string;
  qty: number;
  unit_price: string;
}

/** Adversarial scenarios send payloads that break the schema on purpose. */
export type BrokenPayload = Record<string, unknown> | string | unknown[];
