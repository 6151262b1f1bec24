import { Agent, ClientRequest, IncomingMessage, request as httpRequest } from 'node:http';
import { DatasetParserPool, DatasetUploadSlots } from '@app/ai';
import { DataSource } from 'typeorm';
import { Role } from '@app/contracts';
import { eventually } from './support/kiosks';
import { API, Session, startTestApp, TestApp } from './support/test-app';

/**
 * `POST /ai/datasets` under hostile uploads: every cap answers a clear 4xx while the bytes arrive,
 * the parse runs in a worker thread (the API's event loop keeps answering), and a refused, timed-out
 * or abandoned upload gives its slot and its worker back.
 */
const HEADER =
  'timestamp,serial,temperature,humidity,air_quality,cpu_temp,cpu_usage,ram_usage,disk_usage,' +
  'printer_status,cash_acceptor,card_reader,latency,signal_strength,label';
const ROW = '2026-11-25T10:00:00Z,K1,24,50,30,55,40,60,70,ready,ready,ready,80,-60,normal';
const MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_ROWS = 500;
// Generous because, from sources, a cold parse thread spends seconds loading ts-node on a busy machine.
const TIMEOUT_MS = 15_000;
const BOUNDARY = 'dataset-limits-boundary';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

const fieldPart = (name: string, value: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const filePartHead = (name = 'file', fileName = 'data.csv') =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${fileName}"\r\n` +
  'Content-Type: text/csv\r\n\r\n';
const closing = `\r\n--${BOUNDARY}--\r\n`;

interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: { statusCode?: number; message?: string; details?: Array<{ field: string; message: string }> };
}

/** A hand-driven upload: headers now, body bytes when the test says (chunked, no Content-Length). */
function openUpload(
  t: TestApp,
  auth: Record<string, string>,
): { req: ClientRequest; response: Promise<RawResponse> } {
  const url = new URL(`${t.baseUrl}${API}/ai/datasets`);
  const req = httpRequest({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    headers: { ...auth, 'Content-Type': MULTIPART, 'Transfer-Encoding': 'chunked' },
  });
  const response = new Promise<RawResponse>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }),
      );
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  return { req, response };
}

describe('POST /ai/datasets limits (streamed, parsed off the event loop)', () => {
  let t: TestApp;
  let op: Session;

  const upload = (csv: string | Buffer, session: Session = op) =>
    t.http().post(`${API}/ai/datasets`).set(session.auth).attach('file', Buffer.from(csv), 'data.csv');
  const rawUpload = (body: string | Buffer, session: Session = op) =>
    t.http().post(`${API}/ai/datasets`).set(session.auth).set('Content-Type', MULTIPART).send(body);

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        AI_DATASET_MAX_FILE_BYTES: String(MAX_FILE_BYTES),
        AI_DATASET_MAX_ROWS: String(MAX_ROWS),
        AI_DATASET_TIMEOUT_MS: String(TIMEOUT_MS),
      },
    });
    op = await t.userWithRole(Role.Operator);
    // From sources the parse worker loads TypeScript through ts-node (~1 s, once per thread; the
    // built app starts it in milliseconds): warm one up so the timings below measure the parse.
    await upload(`${HEADER}\n${ROW}\n`).expect(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('accepts a CRLF file beside a few text fields, as before', async () => {
    const csv = `${HEADER}\r\n${ROW}\r\n${ROW.replace('55', '555')}\r\n`;
    const res = await t
      .http()
      .post(`${API}/ai/datasets`)
      .set(op.auth)
      .field('note', 'from the night shift')
      .field('site', 'north')
      .attach('file', Buffer.from(csv), 'night.csv')
      .expect(201);
    expect(res.body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(res.body.errors).toEqual([{ row: 3, message: 'cpu_temp 555 is outside -20…120' }]);
  });

  it('refuses a 200,000-column header within 2 s while /health/live keeps answering within 200 ms', async () => {
    const header = Array.from({ length: 200_000 }, (_, i) => `col${i}`).join(',');
    const file = Buffer.from(`${header}\n${ROW}\n`);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const live = () =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        httpRequest(`${t.baseUrl}/health/live`, { agent }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject()));
        })
          .on('error', reject)
          .end();
      });
    await live();
    let uploading = true;
    const latencies: number[] = [];
    const polling = (async () => {
      while (uploading) {
        latencies.push(await live());
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const started = performance.now();
    const res = await upload(file);
    const took = performance.now() - started;
    uploading = false;
    await polling;
    agent.destroy();

    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, message: 'Record 1 has too many columns' });
    expect(res.body.details).toEqual([{ field: 'file:1', message: 'more than 64 columns' }]);
    expect(took).toBeLessThan(2000);
    expect(latencies.length).toBeGreaterThan(0);
    expect(Math.max(...latencies)).toBeLessThan(200);
  });

  it('refuses a 3,000-field multipart body quickly, at the 11th field', async () => {
    const body =
      Array.from({ length: 3000 }, (_, i) => fieldPart(`f${i}`, 'x')).join('') + `--${BOUNDARY}--\r\n`;
    const started = performance.now();
    const res = await rawUpload(body).expect(413);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(res.body.message).toBe('At most 10 text fields beside the file');
    expect(res.body.details).toEqual([{ field: 'body', message: 'At most 10 text fields beside the file' }]);
  });

  it('refuses more parts than one file and 10 fields', async () => {
    const fields = Array.from({ length: 10 }, (_, i) => fieldPart(`f${i}`, 'x')).join('');
    const body = `${filePartHead()}${HEADER}\n${ROW}\r\n${fields}${filePartHead('file2')}${ROW}${closing}`;
    const res = await rawUpload(body).expect(413);
    expect(res.body.message).toBe('At most 11 parts (one file and the text fields)');
  });

  it('refuses a file part under another name', async () => {
    const res = await t
      .http()
      .post(`${API}/ai/datasets`)
      .set(op.auth)
      .attach('data', Buffer.from(`${HEADER}\n${ROW}\n`), 'data.csv')
      .expect(400);
    expect(res.body.details).toEqual([{ field: 'data', message: 'the only file field is "file"' }]);
  });

  it('refuses an oversize file by its Content-Length, before reading it', async () => {
    const big = Buffer.alloc(MAX_FILE_BYTES + 200 * 1024, 'a');
    const res = await upload(big).expect(413);
    expect(res.body.details).toEqual([{ field: 'file', message: `at most ${MAX_FILE_BYTES} bytes` }]);
  });

  it('refuses an oversize file streamed without a Content-Length, as it arrives', async () => {
    const { req, response } = openUpload(t, op.auth);
    req.write(filePartHead());
    req.write(`${HEADER}\n${ROW}\n`);
    // Blank lines are no rows and no record: only the byte cap can stop this file.
    const blank = '\n'.repeat(1024 * 1024);
    for (let sent = 0; sent <= MAX_FILE_BYTES; sent += blank.length) req.write(blank);
    req.end(closing);
    const res = await response;
    expect(res.status).toBe(413);
    expect(res.body.details).toEqual([{ field: 'file', message: `at most ${MAX_FILE_BYTES} bytes` }]);
  });

  it(`refuses more than ${MAX_ROWS} rows`, async () => {
    const csv = [HEADER, ...Array.from({ length: MAX_ROWS + 1 }, () => ROW)].join('\n');
    const res = await upload(csv).expect(413);
    expect(res.body.details).toEqual([{ field: 'file', message: `at most ${MAX_ROWS} data rows` }]);
    await upload([HEADER, ...Array.from({ length: MAX_ROWS }, () => ROW)].join('\n')).expect(201);
  });

  it('refuses a record over 4,096 bytes, even inside a quoted cell', async () => {
    const res = await upload(`${HEADER}\n${ROW}\n"${'x'.repeat(5000)}",${ROW}\n`).expect(413);
    expect(res.body.details).toEqual([{ field: 'file:3', message: 'longer than 4096 bytes' }]);
  });

  it('refuses a file that is not UTF-8', async () => {
    const latin1 = Buffer.concat([
      Buffer.from(`${HEADER}\n`),
      Buffer.from(ROW.replace('K1', 'Kiosk-ñ'), 'latin1'),
    ]);
    const res = await upload(latin1).expect(400);
    expect(res.body.message).toBe('The file is not valid UTF-8');
  });

  it('refuses a NUL (\\u0000) in the file', async () => {
    const res = await upload(`${HEADER}\n${ROW.replace('K1', 'K\u00001')}\n`).expect(400);
    expect(res.body.details).toEqual([{ field: 'file:2', message: 'NUL (\\u0000) is not allowed in a CSV' }]);
  });

  it('stores a file name whose RFC 5987 form decodes to NUL and control characters without them', async () => {
    const head =
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''evil%00%01%1B%ED%A0%80.csv\r\n` +
      'Content-Type: text/csv\r\n\r\n';
    const res = await rawUpload(`${head}${HEADER}\n${ROW}\n${closing}`).expect(201);
    expect(res.body.accepted).toBe(1);
    const [stored]: Array<{ file_name: string }> = await t.app
      .get(DataSource)
      .query('SELECT file_name FROM ai_datasets WHERE id = $1', [res.body.id]);
    expect(stored.file_name).toMatch(/^evil.*\.csv$/);
    // eslint-disable-next-line no-control-regex -- control characters are what must not be stored
    expect(stored.file_name).not.toMatch(/[\u0000-\u001f]/);
  });

  it('refuses a third concurrent upload of one user (429, Retry-After) and frees the slots when clients leave', async () => {
    const slots = t.app.get(DatasetUploadSlots);
    const pool = t.app.get(DatasetParserPool);
    const slow = [openUpload(t, op.auth), openUpload(t, op.auth)];
    for (const s of slow) s.req.write(`${filePartHead()}${HEADER}\n${ROW}\n`);
    await eventually(async () => expect(slots.inProgress).toBe(2));

    const third = await upload(`${HEADER}\n${ROW}\n`).expect(429);
    expect(third.headers['retry-after']).toBe('5');
    expect(third.body.message).toBe(
      'At most 2 dataset uploads per user at a time; retry when one has finished',
    );
    // The cap is per user: another operator is not held up.
    const other = await t.userWithRole(Role.Operator);
    await upload(`${HEADER}\n${ROW}\n`, other).expect(201);

    for (const s of slow) {
      s.response.catch(() => undefined);
      s.req.destroy();
    }
    await eventually(async () => {
      expect(slots.inProgress).toBe(0);
      expect(pool.busyThreads).toBe(0);
    });
    await upload(`${HEADER}\n${ROW}\n`).expect(201);
  });

  it(`answers 422 when an upload takes longer than ${TIMEOUT_MS} ms, and stops its worker`, async () => {
    const pool = t.app.get(DatasetParserPool);
    const { req, response } = openUpload(t, op.auth);
    req.write(`${filePartHead()}${HEADER}\n${ROW}\n`);
    const started = Date.now();
    const res = await response;
    expect(res.status).toBe(422);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2000);
    expect(res.body.details).toEqual([
      { field: 'file', message: `send and parse the file within ${TIMEOUT_MS} ms` },
    ]);
    req.destroy();
    expect(pool.busyThreads).toBe(0);
  });

  it('counts refusals by reason and parse time in /metrics', async () => {
    const text = (await t.http().get('/metrics').expect(200)).text;
    const count = (reason: string) =>
      Number(new RegExp(`ai_dataset_uploads_refused_total\\{reason="${reason}"\\} (\\d+)`).exec(text)?.[1]);
    expect(count('too_many_columns')).toBe(1);
    expect(count('too_many_fields')).toBe(1);
    expect(count('user_busy')).toBe(1);
    expect(count('timeout')).toBe(1);
    expect(count('bad_encoding')).toBe(2);
    expect(Number(/ai_dataset_uploads_accepted_total (\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(5);
    expect(text).toMatch(/ai_dataset_parse_seconds_count\{outcome="parsed"\} [1-9]/);
    expect(text).toMatch(/ai_dataset_parse_seconds_count\{outcome="refused"\} [1-9]/);
  });
});
