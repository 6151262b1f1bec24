import type { TelemetryReading } from '@app/contracts';
import { copyPayloadSubset, PgBinaryCopyWriter } from '@app/database';
import { RejectedReading, rejectionOfEncoding } from './row-rejection';

export const TELEMETRY_COLUMNS = `kiosk_id, ts, received_at, seq, temperature, humidity, air_quality, cpu_temp, cpu_usage,
  ram_usage, disk_usage, printer_status, cash_acceptor, card_reader, lat, lng, accuracy, latency,
  signal_strength, extra, anomaly_score`;
/** Column names in COPY field order: a refused field's index names its column. */
const COLUMN_NAMES = TELEMETRY_COLUMNS.split(',').map((c) => c.trim());
const COLUMN_COUNT = COLUMN_NAMES.length;
/** A row is ~190 bytes without `extra`: one buffer for the batch, rarely grown. */
const ROW_BYTES_GUESS = 256;

/** A batch encoded for `COPY telemetry … (FORMAT binary)`, one row per reading the encoder accepted. */
export class TelemetryCopyRows {
  private constructor(
    /** The whole payload, header and trailer included. */
    readonly payload: Buffer,
    /** Where each COPY row ends in `payload`. */
    private readonly rowEnds: Int32Array,
    /** The index in the batch of the reading each COPY row holds (COPY line N is row N-1). */
    private readonly readingOf: Int32Array,
    readonly rows: number,
    /** Per reading of the batch, why it could not be encoded; null when every one was. */
    readonly rejected: ReadonlyArray<RejectedReading | undefined> | null,
  ) {}

  /**
   * Encodes each reading on its own: one whose value no column can hold (a real beyond float4, a
   * `\u0000` in `extra`, a timestamp before 4714 BC, …) is left out and comes back in `rejected`,
   * and the others still make one COPY.
   */
  static encode(readings: readonly TelemetryReading[]): TelemetryCopyRows {
    const w = new PgBinaryCopyWriter(readings.length * ROW_BYTES_GUESS);
    const rowEnds = new Int32Array(readings.length);
    const readingOf = new Int32Array(readings.length);
    let rejected: Array<RejectedReading | undefined> | null = null;
    let rows = 0;
    for (let i = 0; i < readings.length; i++) {
      try {
        encodeRow(w, readings[i] as TelemetryReading);
      } catch (e) {
        const field = w.abandonRow();
        rejected ??= new Array<RejectedReading | undefined>(readings.length);
        rejected[i] = rejectionOfEncoding(e, COLUMN_NAMES[field]);
        continue;
      }
      rowEnds[rows] = w.length;
      readingOf[rows++] = i;
    }
    return new TelemetryCopyRows(w.finish(), rowEnds, readingOf, rows, rejected);
  }

  /** The batch index of the reading in COPY row `row` (0-based; the database says line row + 1) of `payload`. */
  readingAt(row: number): number {
    return this.readingOf[row] as number;
  }

  /** The payload with only the readings `keep` accepts, without encoding anything again. */
  subset(keep: (reading: number) => boolean): Buffer {
    const ends = this.rowEnds.subarray(0, this.rows);
    return copyPayloadSubset(this.payload, ends, (row) => keep(this.readingOf[row] as number));
  }
}

/** One reading's fields, in TELEMETRY_COLUMNS order and in the columns' own types. */
function encodeRow(w: PgBinaryCopyWriter, r: TelemetryReading): void {
  w.row(COLUMN_COUNT)
    .int4(r.kioskId)
    .timestamptz(r.timestamp)
    .timestamptz(r.receivedAt)
    .int8(r.seq)
    .float4(r.environmental.temperature)
    .float4(r.environmental.humidity)
    .float4(r.environmental.airQuality)
    .float4(r.hardware.cpuTemp)
    .float4(r.hardware.cpuUsage)
    .float4(r.hardware.ramUsage)
    .float4(r.hardware.diskUsage)
    .text(r.peripherals.printerStatus)
    .text(r.peripherals.cashAcceptor)
    .text(r.peripherals.cardReader)
    .float8(r.location.lat)
    .float8(r.location.lng)
    .float4(r.location.accuracy)
    .float4(r.network.latency)
    .float4(r.network.signalStrength)
    .jsonb(r.extra ? JSON.stringify(r.extra) : null)
    .float4(r.anomalyScore);
}
