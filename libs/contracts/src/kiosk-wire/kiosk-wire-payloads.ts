import type { KioskCommandName } from '../command/kiosk-command';
import type { PaymentMethod } from '../payment/payment';
import type { CardReaderStatus, CashAcceptorStatus, PrinterStatus } from '../telemetry/telemetry-reading';

/**
 * The kiosk wire's payloads (CONTRACT.md §3), snake_case, as a conforming kiosk sends them and the
 * server answers. The server checks what arrives against its schemas before believing any of this.
 */

/** The wire's error codes (CONTRACT.md §5). */
export type KioskErrorCode =
  | 'invalid_payload'
  | 'payload_too_large'
  | 'rate_limited'
  | 'overloaded'
  | 'serial_mismatch'
  | 'not_joined'
  | 'unknown_command';

export interface KioskWireError {
  code: KioskErrorCode;
  message: string;
  /** For `invalid_payload`: which field, and what is wrong with it. */
  details?: { field: string; message: string }[];
}

/** A refused message: its ack answers this (or `kiosk_error` carries the error when it had no ack). */
export interface KioskAckFailure {
  ok: false;
  error: KioskWireError;
}

export interface KioskJoinPayload {
  kiosk_id?: number;
  serial?: string;
  firmware_version?: string;
  capabilities?: { sensors?: string[]; peripherals?: string[]; features?: string[] };
}
export interface KioskJoinAck {
  ok: true;
  kiosk_id: number;
  server_time: string;
  telemetry_interval_sec: number;
}

/** One reading. Unknown keys are tolerated and kept as the reading's `extra`. */
export interface KioskUpdatePayload {
  timestamp: string;
  kiosk_id?: number;
  serial?: string;
  seq?: number;
  environmental: { temperature: number; humidity: number; air_quality: number };
  hardware: { cpu_temp: number; cpu_usage: number; ram_usage: number; disk_usage: number };
  peripherals: {
    printer_status?: PrinterStatus;
    cash_acceptor?: CashAcceptorStatus;
    card_reader?: CardReaderStatus;
  };
  location: { lat: number; lng: number; accuracy?: number };
  network: { latency: number; signal_strength: number };
  session?: { active: boolean };
}
/** Sent once the reading is committed; `duplicate`: it was stored before. */
export interface KioskUpdateAck {
  ok: true;
  duplicate?: true;
}

export interface KioskCommandAckPayload {
  command_id?: string;
  kiosk_id: number;
  command: KioskCommandName;
  status: 'processing' | 'success' | 'error';
  error?: string;
  timestamp: string;
}
export interface KioskCommandAckAck {
  ok: true;
  command_id: string;
  duplicate?: true;
}

export interface KioskSalePayload {
  type?: 'sale';
  kiosk_id?: number;
  serial?: string;
  transaction_id: string;
  /** Decimal string or JSON number, major units. */
  amount: string | number;
  currency: string;
  method: PaymentMethod;
  status: 'completed' | 'failed';
  timestamp: string;
  items?: object[];
  customer_email?: string;
}
export interface KioskSaleAck {
  ok: true;
  payment_id: string;
  duplicate: boolean;
}

/** A kiosk's own totals of one business day. */
export interface KioskZReportPayload {
  type: 'z_report';
  kiosk_id?: number;
  serial?: string;
  business_date: string;
  timezone?: string;
  timestamp?: string;
  totals: { currency: string; method?: PaymentMethod; count?: number; amount: string | number }[];
}
export interface KioskZReportAck {
  ok: true;
  report_id: string;
  matched: boolean;
  duplicate: boolean;
  mismatches: {
    currency: string;
    method: PaymentMethod | null;
    reported: string;
    recorded: string;
    reported_count: number | null;
    recorded_count: number;
  }[];
}

/** A remote command for the kiosk (§3): sent on issue, and again whenever the kiosk (re)joins. */
export interface KioskCommandPayload {
  command_id: string;
  kiosk_id: number;
  command: KioskCommandName;
  params: Record<string, unknown>;
  timestamp: string;
  expires_at: string;
}

/**
 * `params` of a `configure` command (CONTRACT §8 "Remote configuration"): the kiosk's whole merged
 * settings and their version. The kiosk acks `success` once it runs with them.
 */
export interface KioskConfigureParams {
  version: number;
  /** A JSON object, at most 8 KB serialised. */
  settings: Record<string, unknown>;
}
