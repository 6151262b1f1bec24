import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { type CsvRowError, FIELD_RANGES, REQUIRED_COLUMNS, validateRow } from '@app/ml';
import { DatasetRefusal } from './dataset-refusal';

/** The caps one upload is parsed under (AppConfig `ai.datasets`). */
export interface DatasetParseLimits {
  maxFileBytes: number;
  /** Data rows (the header is not counted). */
  maxRows: number;
  /** Bytes of one record, line breaks inside quoted cells included. */
  maxRecordBytes: number;
  /** Cells of any record, the header included. */
  maxColumns: number;
  /** Header names that are not dataset columns (ignored, as the simulator's `seq`, `lat`…). */
  maxUnknownColumns: number;
}

/** What an accepted upload yields: counts, the first rejected rows, and the accepted rows as stored. */
export interface ParsedDatasetFile {
  accepted: number;
  rejected: number;
  errors: CsvRowError[];
  /** The accepted rows, normalised (UTC ISO times, 0/1 labels), in the training CSV format. */
  csv: string;
}

/** Columns the stored CSV has, in this order; also every header name that is not "unknown". */
export const DATASET_COLUMNS = [
  'serial',
  'timestamp',
  'sim_time',
  ...Object.keys(FIELD_RANGES),
  'printer_status',
  'cash_acceptor',
  'card_reader',
  'label',
];
const KNOWN_COLUMNS: ReadonlySet<string> = new Set(DATASET_COLUMNS);

const MAX_REPORTED_ERRORS = 1000;
const NUL = 0x00;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

function listed(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).map((n) => JSON.stringify(n.length > 40 ? `${n.slice(0, 40)}…` : n));
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}

/**
 * Parses a labelled telemetry CSV as it streams in, in bounded work per byte: a byte scanner finds
 * record boundaries and enforces the caps before any cell is built (a 200,000-column header stops at
 * column `maxColumns + 1`, not after splitting), then each batch of whole records is decoded (strict
 * UTF-8) and parsed by csv-parse, and every row is validated with the same rules training uses
 * (`validateRow`). Only the known columns of a row are read, so a row costs O(known columns), never
 * O(header columns). Runs in a worker thread (dataset-parse.worker.ts); throws DatasetRefusal.
 */
export class DatasetCsvParser {
  private bytes = 0;
  private inQuotes = false;
  private recordBytes = 0;
  private recordColumns = 1;
  /** Non-empty records the scanner has closed (the header is record 1). */
  private scannedRecords = 0;
  /** Bytes of the record still open at the end of the last chunk. */
  private carry: Uint8Array = new Uint8Array(0);
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  /** Records csv-parse produced: a rejected row is reported by this number (the header is 1). */
  private parsedRecords = 0;
  private columnIndex: Array<[name: string, index: number]> | null = null;
  private accepted = 0;
  private rejected = 0;
  private readonly errors: CsvRowError[] = [];
  private readonly out: string[] = [];

  constructor(private readonly limits: DatasetParseLimits) {}

  write(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limits.maxFileBytes) {
      throw new DatasetRefusal('file_too_large', `The file is over ${this.limits.maxFileBytes} bytes`, [
        { field: 'file', message: `at most ${this.limits.maxFileBytes} bytes` },
      ]);
    }
    const lastBoundary = this.scan(chunk);
    if (lastBoundary < 0) {
      // Bounded by maxRecordBytes (the scanner refuses longer records); copied, the chunk may be reused.
      this.carry = concat(this.carry, chunk.slice());
      return;
    }
    this.parseWholeRecords(concat(this.carry, chunk.subarray(0, lastBoundary + 1)));
    this.carry = chunk.slice(lastBoundary + 1);
  }

  /** The last bytes arrived: parses the final record and returns the outcome. */
  end(): ParsedDatasetFile {
    if (this.recordBytes > 0) this.closeRecord();
    if (this.carry.length > 0) this.parseWholeRecords(this.carry, true);
    else this.parseWholeRecords(new Uint8Array(0), true);
    this.carry = new Uint8Array(0);
    if (this.columnIndex === null) {
      return { accepted: 0, rejected: 0, errors: [{ row: 1, message: 'the file is empty' }], csv: '' };
    }
    return {
      accepted: this.accepted,
      rejected: this.rejected,
      errors: this.errors,
      csv: this.out.join(''),
    };
  }

  /** Enforces the byte-level caps; returns the index of the chunk's last record boundary, or -1. */
  private scan(chunk: Uint8Array): number {
    const { maxRecordBytes, maxColumns } = this.limits;
    let lastBoundary = -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === NUL) {
        throw new DatasetRefusal('bad_encoding', 'The file contains a NUL character', [
          { field: `file:${this.scannedRecords + 1}`, message: 'NUL (\\u0000) is not allowed in a CSV' },
        ]);
      }
      if (this.inQuotes) {
        // `""` inside quotes closes and reopens: the state comes out right without lookahead.
        if (b === QUOTE) this.inQuotes = false;
      } else if (b === LF || b === CR) {
        if (this.recordBytes > 0) this.closeRecord();
        lastBoundary = i;
        continue;
      } else if (b === QUOTE) {
        this.inQuotes = true;
      } else if (b === COMMA && ++this.recordColumns > maxColumns) {
        throw new DatasetRefusal(
          'too_many_columns',
          `Record ${this.scannedRecords + 1} has too many columns`,
          [{ field: `file:${this.scannedRecords + 1}`, message: `more than ${maxColumns} columns` }],
        );
      }
      if (++this.recordBytes > maxRecordBytes) {
        throw new DatasetRefusal('record_too_large', `Record ${this.scannedRecords + 1} is too long`, [
          { field: `file:${this.scannedRecords + 1}`, message: `longer than ${maxRecordBytes} bytes` },
        ]);
      }
    }
    return lastBoundary;
  }

  private closeRecord(): void {
    this.scannedRecords++;
    this.recordBytes = 0;
    this.recordColumns = 1;
    if (this.scannedRecords - 1 > this.limits.maxRows) {
      throw new DatasetRefusal('too_many_rows', `The file has more than ${this.limits.maxRows} rows`, [
        { field: 'file', message: `at most ${this.limits.maxRows} data rows` },
      ]);
    }
  }

  private parseWholeRecords(bytes: Uint8Array, last = false): void {
    let text: string;
    try {
      text = this.decoder.decode(bytes, { stream: !last });
    } catch {
      throw new DatasetRefusal('bad_encoding', 'The file is not valid UTF-8', [
        { field: `file:${this.parsedRecords + 1}`, message: 'not valid UTF-8 (at or after this record)' },
      ]);
    }
    if (text.length === 0) return;
    let records: string[][];
    try {
      // Delimiters named, not detected per batch: a batch may start with the LF of a CRLF.
      records = parse(text, {
        relax_column_count: true,
        skip_empty_lines: true,
        trim: false,
        record_delimiter: ['\r\n', '\n', '\r'],
      });
    } catch (err) {
      const reason = err instanceof CsvError ? `${err.code}: ${err.message}` : String(err);
      throw new DatasetRefusal('not_csv', 'The file is not a valid CSV', [
        { field: `file:${this.parsedRecords + 1}`, message: reason.slice(0, 300) },
      ]);
    }
    const rows: Record<string, string | number | null>[] = [];
    for (const record of records) {
      this.parsedRecords++;
      if (this.columnIndex === null) {
        this.columnIndex = this.readHeader(record);
        continue;
      }
      const rec: Record<string, string> = {};
      for (const [name, index] of this.columnIndex) rec[name] = record[index] ?? '';
      const result = validateRow(rec);
      if ('error' in result) {
        this.rejected++;
        if (this.errors.length < MAX_REPORTED_ERRORS) {
          this.errors.push({ row: this.parsedRecords, message: result.error });
        }
        continue;
      }
      const r = result.row;
      this.accepted++;
      rows.push({
        serial: r.serial,
        timestamp: new Date(r.timestampMs).toISOString(),
        sim_time: new Date(r.trueTimeMs).toISOString(),
        ...r.reading,
        label: r.anomaly ? '1' : '0',
      });
    }
    if (rows.length > 0) {
      this.out.push(stringify(rows, { header: this.out.length === 0, columns: DATASET_COLUMNS }));
    }
  }

  /** Header name → cell index for the known columns; refuses missing or too many unknown ones. */
  private readHeader(record: string[]): Array<[string, number]> {
    const names = record.map((h) => h.trim());
    const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
    if (missing.length > 0) {
      throw new DatasetRefusal('missing_columns', 'The CSV header lacks required columns', [
        { field: 'file:1', message: `missing column(s): ${missing.join(', ')}` },
      ]);
    }
    const unknown = names.filter((n) => !KNOWN_COLUMNS.has(n));
    if (unknown.length > this.limits.maxUnknownColumns) {
      throw new DatasetRefusal('unknown_columns', 'The CSV header has too many unknown columns', [
        {
          field: 'file:1',
          message: `${unknown.length} unknown column(s) (at most ${this.limits.maxUnknownColumns}): ${listed(unknown)}`,
        },
      ]);
    }
    const index = new Map<string, number>();
    // The last of a repeated name wins, as in the training reader.
    names.forEach((n, i) => {
      if (KNOWN_COLUMNS.has(n)) index.set(n, i);
    });
    return [...index];
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
