import { pipeline, Readable, Transform } from 'node:stream';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { Response } from 'express';
import {
  TELEMETRY_EXPORT_COLUMNS,
  TelemetryExportFormat,
  TelemetryExportPointDto,
  toExportCells,
} from '@app/telemetry';
import { SPREADSHEET_SAFE_CAST } from '../common/csv-cells';

const CONTENT_TYPE: Record<TelemetryExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/**
 * `kiosk-42-telemetry-20261125T000000Z-20261126T000000Z.csv`: the resolved bounds in ISO 8601 basic
 * format (no `:`, which Windows refuses in file names), milliseconds only when there are some.
 */
export function telemetryExportFileName(
  kioskId: number,
  range: { from: Date; to: Date },
  format: TelemetryExportFormat,
): string {
  const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('.000Z', 'Z');
  return `kiosk-${kioskId}-telemetry-${stamp(range.from)}-${stamp(range.to)}.${format}`;
}

/** A header row, one record per reading, formula-leading text cells escaped (csv-cells), RFC 4180 quoting. */
const CSV_OPTIONS = { header: true, columns: [...TELEMETRY_EXPORT_COLUMNS], cast: SPREADSHEET_SAFE_CAST };

/** Export points → CSV records, cell by cell (`extra` as JSON text). */
const toCells = () =>
  new Transform({
    objectMode: true,
    transform(point: TelemetryExportPointDto, _encoding, done) {
      done(null, toExportCells(point));
    },
  });

/** Export points → NDJSON: one JSON object per line. */
const toNdjson = () =>
  new Transform({
    writableObjectMode: true,
    transform(point: TelemetryExportPointDto, _encoding, done) {
      done(null, `${JSON.stringify(point)}\n`);
    },
  });

/**
 * Streams export points to the response. `pipeline` carries backpressure from the socket back to
 * the keyset stream (no chunk is read before the client took the previous one), and a client that
 * disconnects destroys the stream, so no further statement starts.
 */
export function sendTelemetryExport(
  res: Response,
  format: TelemetryExportFormat,
  fileName: string,
  points: Readable,
): void {
  res.status(200);
  res.setHeader('Content-Type', CONTENT_TYPE[format]);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  const encoders = format === 'csv' ? [toCells(), stringify(CSV_OPTIONS)] : [toNdjson()];
  pipeline([points, ...encoders, res], (e) => {
    // Headers are gone by then: all that is left to do with an error is to cut the response short.
    if (e) res.destroy();
  });
}

const EXAMPLE_POINT: TelemetryExportPointDto = {
  timestamp: '2026-11-25T10:00:00.000Z',
  receivedAt: '2026-11-25T10:00:00.080Z',
  seq: 42,
  environmental: { temperature: 24.1, humidity: 51, airQuality: 37.5 },
  hardware: { cpuTemp: 55.2, cpuUsage: 41, ramUsage: 63.2, diskUsage: 71.9 },
  peripherals: { printerStatus: 'ready', cashAcceptor: 'ready', cardReader: 'ready' },
  location: { lat: -34.6037, lng: -58.3816, accuracy: 4.2 },
  network: { latency: 80.5, signalStrength: -61 },
  anomalyScore: 0.12,
  extra: { door_open: false },
};

/** What the export sends, for the OpenAPI document. */
export const TELEMETRY_EXPORT_EXAMPLES = {
  csv: stringifySync([toExportCells(EXAMPLE_POINT)], CSV_OPTIONS),
  ndjson: `${JSON.stringify(EXAMPLE_POINT)}\n`,
};
