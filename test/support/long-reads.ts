import { get, IncomingMessage } from 'node:http';
import type { DataSource } from 'typeorm';
import type { TestApp } from './test-app';

/** A long-read request (an export) whose reader, once the head is in, stops reading (the socket is paused). */
export interface SlowReader {
  status: number;
  res: IncomingMessage;
  /** The body of a refusal (read in full); undefined for a 200, whose body is left unread. */
  error?: { statusCode: number; error: string; message: string; details: unknown[] };
}

export function slowReader(t: TestApp, path: string, auth: Record<string, string>): Promise<SlowReader> {
  return new Promise((resolve, reject) => {
    get(`${t.baseUrl}${path}`, { headers: auth, agent: false }, (res) => {
      const status = res.statusCode ?? 0;
      if (status === 200) {
        res.pause();
        return resolve({ status, res });
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status, res, error: JSON.parse(body) as SlowReader['error'] }));
    }).on('error', reject);
  });
}

/** Reads the rest of a paused response to the end. */
export function readRest(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => (body += c));
    res.on('end', () => resolve(body));
    res.on('error', reject);
    res.resume();
  });
}

/** Long-read connections of this test's database that are not idle: a query running or a transaction open. */
export async function busyLongReadConnections(db: DataSource): Promise<string[]> {
  const rows = await db.query<Array<{ state: string; query: string }>>(
    `SELECT state, query FROM pg_stat_activity
      WHERE datname = current_database() AND application_name LIKE '%-long-reads' AND state <> 'idle'`,
  );
  return rows.map((r) => `${r.state}: ${r.query.slice(0, 80)}`);
}

/** Long-read connections of this test's database that sit idle in the pool. */
export async function idleLongReadConnections(db: DataSource): Promise<number> {
  const rows = await db.query(
    `SELECT count(*) AS n FROM pg_stat_activity
      WHERE datname = current_database() AND application_name LIKE '%-long-reads' AND state = 'idle'`,
  );
  return Number(rows[0].n);
}
