import { parseDatasetCsv } from '@app/ml';
import { DatasetCsvParser, DatasetParseLimits, ParsedDatasetFile } from './dataset-csv-parser';
import { DatasetRefusal, DatasetRefusalReason } from './dataset-refusal';

const LIMITS: DatasetParseLimits = {
  maxFileBytes: 1024 * 1024,
  maxRows: 100,
  maxRecordBytes: 512,
  maxColumns: 32,
  maxUnknownColumns: 4,
};
const HEADER =
  'timestamp,serial,temperature,humidity,air_quality,cpu_temp,cpu_usage,ram_usage,disk_usage,' +
  'printer_status,cash_acceptor,card_reader,latency,signal_strength,label';
const GOOD = '2026-11-25T10:00:00Z,K1,24,50,30,55,40,60,70,ready,ready,ready,80,-60,normal';

/** Feeds `input` in chunks of `size` bytes, as a socket would deliver it. */
function parseInChunks(input: string | Uint8Array, size: number, limits = LIMITS): ParsedDatasetFile {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const parser = new DatasetCsvParser(limits);
  for (let i = 0; i < bytes.length; i += size) parser.write(bytes.subarray(i, i + size));
  return parser.end();
}

function refusalOf(run: () => unknown): DatasetRefusal {
  try {
    run();
  } catch (err) {
    if (err instanceof DatasetRefusal) return err;
    throw err;
  }
  throw new Error('expected a DatasetRefusal');
}

const expectRefused = (run: () => unknown, reason: DatasetRefusalReason, status: number) => {
  const refusal = refusalOf(run);
  expect(refusal.reason).toBe(reason);
  expect(refusal.status).toBe(status);
  expect(refusal.details.length).toBeGreaterThan(0);
  return refusal;
};

describe('DatasetCsvParser (the parse worker side of POST /ai/datasets)', () => {
  const file = [
    HEADER,
    GOOD,
    '2026-11-25T10:00:05Z,K1,24,50,30,"hot",40,60,70,ready,ready,ready,80,-60,normal',
    '',
    '"2026-11-25T10:00:10Z","K ""one""",24,50,30,55,40,60,70,ready,ready,ready,80,-60,1',
    '2026-11-25T10:00:15Z,K1,24,50,30,55,140,60,70,ready,ready,ready,80,-60,normal',
  ].join('\r\n');

  it.each([1, 2, 7, 64, 100_000])(
    'gives the same rows and line numbers as the training reader, in %i-byte chunks',
    (size) => {
      const reference = parseDatasetCsv(file);
      const parsed = parseInChunks(file, size);
      expect(parsed.accepted).toBe(reference.rows.length);
      expect(parsed.rejected).toBe(reference.rejected);
      expect(parsed.errors).toEqual(reference.errors);
      const lines = parsed.csv.trim().split('\n');
      expect(lines[0]).toBe(
        'serial,timestamp,sim_time,temperature,humidity,air_quality,cpu_temp,cpu_usage,ram_usage,disk_usage,' +
          'latency,signal_strength,printer_status,cash_acceptor,card_reader,label',
      );
      expect(lines).toHaveLength(3);
      expect(lines[2]).toContain('"K ""one"""');
      expect(lines[2].endsWith(',1')).toBe(true);
    },
  );

  it('decodes UTF-8 split across chunks and drops a leading BOM', () => {
    const parsed = parseInChunks(`\uFEFF${HEADER}\n${GOOD.replace('K1', 'Kiosk-ñandú-東京')}\n`, 3);
    expect(parsed.accepted).toBe(1);
    expect(parsed.csv).toContain('Kiosk-ñandú-東京');
  });

  it('keeps the simulator’s extra columns (seq, lat, lng, accuracy) as ignored unknown columns', () => {
    const header = `${HEADER},seq,lat,lng,accuracy`;
    const parsed = parseInChunks(`${header}\n${GOOD},7,1,2,3\n`, 16);
    expect(parsed.accepted).toBe(1);
    expect(parsed.csv).not.toContain('accuracy');
  });

  it('answers an empty file with no rows and a reason', () => {
    expect(parseInChunks('', 8)).toEqual({
      accepted: 0,
      rejected: 0,
      errors: [{ row: 1, message: 'the file is empty' }],
      csv: '',
    });
  });

  it('refuses a header with 200,000 columns at the first column over the cap, without reading on', () => {
    const header = Array.from({ length: 200_000 }, (_, i) => `c${i}`).join(',');
    const parser = new DatasetCsvParser({
      ...LIMITS,
      maxFileBytes: 10 * 1024 * 1024,
      maxRecordBytes: 10 * 1024 * 1024,
    });
    const bytes = new TextEncoder().encode(header);
    const started = performance.now();
    const refusal = expectRefused(() => parser.write(bytes), 'too_many_columns', 413);
    expect(refusal.details[0]).toEqual({ field: 'file:1', message: 'more than 32 columns' });
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('refuses a record longer than maxRecordBytes, even inside quotes and across chunks', () => {
    const long = `${HEADER}\n"${'x'.repeat(600)}"\n`;
    const refusal = expectRefused(() => parseInChunks(long, 50), 'record_too_large', 413);
    expect(refusal.details[0].field).toBe('file:2');
  });

  it('refuses more rows than maxRows', () => {
    const rows = Array.from({ length: 101 }, () => GOOD);
    expect(parseInChunks([HEADER, ...rows.slice(0, 100)].join('\n'), 256).accepted).toBe(100);
    expectRefused(() => parseInChunks([HEADER, ...rows].join('\n'), 256), 'too_many_rows', 413);
  });

  it('refuses a file over maxFileBytes as it streams', () => {
    const parser = new DatasetCsvParser({ ...LIMITS, maxFileBytes: 2048 });
    parser.write(new TextEncoder().encode(`${HEADER}\n`));
    const rows = new TextEncoder().encode(`${GOOD}\n`.repeat(30));
    expectRefused(() => parser.write(rows), 'file_too_large', 413);
  });

  it('refuses invalid UTF-8 and NUL characters as bad encoding', () => {
    const head = new TextEncoder().encode(`${HEADER}\n`);
    const invalid = new Uint8Array([...head, 0xc3, 0x28, 0x0a]);
    expectRefused(() => parseInChunks(invalid, 5), 'bad_encoding', 400);
    const truncated = new Uint8Array([...head, 0xe6, 0x9d]);
    expectRefused(() => parseInChunks(truncated, 5), 'bad_encoding', 400);
    const nul = expectRefused(() => parseInChunks(`${HEADER}\n${GOOD}\u0000\n`, 64), 'bad_encoding', 400);
    expect(nul.details[0].field).toBe('file:2');
  });

  it('refuses a header without the required columns, or with too many unknown ones', () => {
    const missing = expectRefused(
      () => parseInChunks('timestamp,cpu_temp,label\n2026-11-25T10:00:00Z,55,normal\n', 8),
      'missing_columns',
      400,
    );
    expect(missing.details[0].message).toContain('missing column(s): temperature, humidity');
    const unknown = expectRefused(
      () => parseInChunks(`${HEADER},a,b,c,d,e\n${GOOD},1,2,3,4,5\n`, 8),
      'unknown_columns',
      400,
    );
    expect(unknown.details[0].message).toBe('5 unknown column(s) (at most 4): "a", "b", "c", "d", "e"');
  });

  it('refuses what csv-parse cannot read (an unclosed quote) as not a CSV', () => {
    expectRefused(() => parseInChunks(`${HEADER}\n${GOOD}\n"unclosed,1\n`, 8), 'not_csv', 400);
  });
});
