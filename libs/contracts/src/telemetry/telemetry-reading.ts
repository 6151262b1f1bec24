/**
 * The reading shared by the kiosk gateway (which builds readings from the wire) and the telemetry
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
