/**
 * Contracts shared by the kiosk gateway (which builds readings from the wire) and the telemetry
 * module (which stores them). Internal names are camelCase; the wire's snake_case stays at the edge.
 */
export const PRINTER_STATUSES = ['ready', 'low_ink', 'paper_jam', 'offline'] as const;
export const CASH_ACCEPTOR_STATUSES = ['ready', 'full', 'error'] as const;
export const CARD_READER_STATUSES = ['ready', 'error'] as const;
export type PrinterStatus = (typeof PRINTER_STATUSES)[number];
export type CashAcceptorStatus = (typeof CASH_ACCEPTOR_STATUSES)[number];
export type CardReaderStatus = (typeof CARD_READER_STATUSES)[number];

/** One validated `kiosk_update`, attributed to the kiosk that authenticated the socket. */
export interface TelemetryReading {
  kioskId: number;
  /** The kiosk's own clock: the time axis of every telemetry query. */
  timestamp: Date;
  /** The server's clock when the message arrived. */
  receivedAt: Date;
  seq: number | null;
  environmental: { temperature: number; humidity: number; airQuality: number };
  hardware: { cpuTemp: number; cpuUsage: number; ramUsage: number; diskUsage: number };
  /** A kiosk reports only the peripherals it has. */
  peripherals: {
    printerStatus?: PrinterStatus;
    cashAcceptor?: CashAcceptorStatus;
    cardReader?: CardReaderStatus;
  };
  location: { lat: number; lng: number; accuracy?: number };
  network: { latency: number; signalStrength: number };
  /** `session.active`: a customer is mid-purchase (disruptive commands wait). Absent when not reported. */
  session?: { active: boolean };
  /** Fields the firmware sent that this server does not know (kept, up to the size limit). */
  extra: Record<string, unknown> | null;
  /** The anomaly model's score, set just before storage while a model is active. */
  anomalyScore?: number;
}

/**
 * The port through which the telemetry writer has readings scored just before they are stored, so
 * each row is written once, with its score. Telemetry declares what it needs; the AI module binds
 * its scorer to READING_SCORER. Without the AI module nothing is bound and readings are stored
 * unscored.
 */
export interface ReadingScorer {
  /**
   * One score per reading, in order; NaN where a reading was not scored. Null, returned at once,
   * when nothing will be scored (no model is active): the writer then has nothing to wait for.
   */
  scoreBeforeStorage(readings: readonly TelemetryReading[]): Promise<Float32Array> | null;
}

/** The injection token of the ReadingScorer (an interface leaves nothing at runtime to inject by). */
export const READING_SCORER = Symbol('ReadingScorer');

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

/** What storing one reading came to. `duplicate`: the same (kiosk, seq, timestamp) was stored before. */
export interface RecordTelemetryResult {
  stored: boolean;
  duplicate: boolean;
}

/**
 * Stores one reading; resolves only once it is committed (the gateway acks then). Rejects with a
 * DomainError of kind `invalid` (details name the field) when the store can never hold the reading,
 * which is permanent: the kiosk hears `invalid_payload`. Kind `overloaded` is only ever transient.
 */
export class RecordTelemetryCommand {
  constructor(readonly reading: TelemetryReading) {}
}

/** Published after a batch of readings committed (duplicates excluded), in arrival order. */
export class TelemetryBatchRecordedEvent {
  constructor(readonly readings: readonly TelemetryReading[]) {}
}
