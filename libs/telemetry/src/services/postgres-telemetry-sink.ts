import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import type { TelemetryReading } from '@app/contracts';
import { checkOutClient, pgPool } from '@app/database';
import { copyErrorPosition, isRowErrorCode, rejectionOfDatabase } from './row-rejection';
import { TELEMETRY_COLUMNS, TelemetryCopyRows } from './telemetry-copy-rows';
import {
  INSERT_SKIPPING_DUPLICATES_SQL,
  insertParams,
  STORED_BEFORE_SQL,
  storedBeforeParams,
} from './telemetry-insert-sql';
import {
  InvalidReadingError,
  SinkBatch,
  slowerPath,
  StoreOutcome,
  TelemetrySink,
  WritePath,
} from './telemetry-sink';

const COPY_SQL = `COPY telemetry (${TELEMETRY_COLUMNS}) FROM STDIN (FORMAT binary)`;
const UNIQUE_VIOLATION = '23505';
/**
 * COPYs of one batch before the rest goes through the INSERT. One refused row or one resend costs
 * two; a third means a resend raced a concurrent batch's commit, or several rows were refused.
 */
const MAX_COPY_ATTEMPTS = 4;

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
const codeOf = (e: unknown) => (e as { code?: unknown } | null)?.code;

/**
 * A batch is COPYed, in binary: for PostgreSQL the cheapest way in, about twice the rows per second
 * of the `unnest` INSERT (which has to find duplicates through ON CONFLICT, RETURNING and an
 * anti-join). A bad reading or a resend costs only the batch holding it, and that batch stays on COPY:
 *
 * - Each reading is encoded on its own, so one holding a value no column can hold is set aside
 *   before anything is sent.
 * - A COPY the database refuses says which row ("COPY telemetry, line N"): a refused value sets that
 *   row aside; a resend refused by the unique index is marked a duplicate (from the second one on,
 *   the batch's other readings already stored are found in one index probe). The rest of the batch
 *   goes in as one more COPY of the bytes already encoded. Batches after it take plain COPY again.
 * - Only when that keeps failing (a resend racing a concurrent batch, several refused rows) does
 *   the rest take the duplicate-skipping INSERT; a refusal naming no row throws InvalidReadingError,
 *   and the writer then writes the readings one at a time.
 */
@Injectable()
export class PostgresTelemetrySink extends TelemetrySink {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async insert(readings: readonly TelemetryReading[]): Promise<SinkBatch> {
    const rows = TelemetryCopyRows.encode(readings);
    const outcomes = new Array<StoreOutcome>(readings.length).fill(true);
    const rejected = rows.rejected;
    if (rejected) {
      for (let i = 0; i < readings.length; i++) if (rejected[i]) outcomes[i] = rejected[i] as StoreOutcome;
    }
    if (rows.rows === 0) return { outcomes, path: 'copy' };

    // Held over the COPY and its retries: a connection cut meanwhile fails the batch (the writer
    // retries it) instead of ending the process.
    const { client, release } = await checkOutClient(pgPool(this.dataSource));
    let broken: Error | undefined;
    try {
      const path = await this.copyRefusingRows(client, readings, rows, outcomes);
      return { outcomes, path };
    } catch (e) {
      // A refused row leaves the connection usable; anything else may not have.
      if (!(e instanceof InvalidReadingError) && !isRowErrorCode(codeOf(e))) {
        broken = e instanceof Error ? e : new Error(String(e));
      }
      throw e;
    } finally {
      release(broken);
    }
  }

  /** COPYs the readings still `true` in `outcomes`, settling the ones the database refuses. */
  private async copyRefusingRows(
    client: PoolClient,
    readings: readonly TelemetryReading[],
    rows: TelemetryCopyRows,
    outcomes: StoreOutcome[],
  ): Promise<WritePath> {
    let path: WritePath = 'copy';
    let duplicates = 0;
    let payload = rows.payload;
    // The batch index of the reading on each COPY line of `payload`, once it is a subset.
    let lines: number[] | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        await copyInto(client, payload);
        return path;
      } catch (e) {
        const code = codeOf(e);
        if (!isRowErrorCode(code)) throw e; // transient: the writer retries the whole batch
        const at = copyErrorPosition(e);
        const line = at?.line ?? 0;
        const count = lines ? lines.length : rows.rows;
        const reading =
          line >= 1 && line <= count ? (lines ? lines[line - 1] : rows.readingAt(line - 1)) : undefined;
        if (reading === undefined && code !== UNIQUE_VIOLATION) throw new InvalidReadingError(messageOf(e));
        if (reading === undefined || attempt >= MAX_COPY_ATTEMPTS) {
          await this.insertSkippingDuplicates(client, readings, outcomes);
          return 'insert';
        }
        if (code === UNIQUE_VIOLATION) {
          outcomes[reading] = false;
          // One resend is the common case, and a COPY without it is all it costs. A second one means
          // more (a kiosk resending what it never saw acknowledged, a batch written again after its
          // commit reply was lost): find them all in one probe instead of one COPY each.
          if (++duplicates > 1) await this.markStoredBefore(client, readings, outcomes);
          path = slowerPath(path, 'copy_deduped');
        } else {
          outcomes[reading] = rejectionOfDatabase(e, at?.column);
          path = slowerPath(path, 'copy_retried');
        }
        lines = [];
        for (let row = 0; row < rows.rows; row++) {
          const i = rows.readingAt(row);
          if (outcomes[i] === true) lines.push(i);
        }
        if (!lines.length) return path;
        payload = rows.subset((i) => outcomes[i] === true);
      }
    }
  }

  /** Marks `false` the readings still to store that the table already holds. */
  private async markStoredBefore(
    client: PoolClient,
    readings: readonly TelemetryReading[],
    outcomes: StoreOutcome[],
  ): Promise<void> {
    const candidates: number[] = [];
    for (let i = 0; i < readings.length; i++) {
      // NULL seq never conflicts
      if (outcomes[i] === true && (readings[i] as TelemetryReading).seq !== null) candidates.push(i);
    }
    if (!candidates.length) return;
    const probed = candidates.map((i) => readings[i] as TelemetryReading);
    const { rows } = await client.query<{ found: number[] | null }>(
      STORED_BEFORE_SQL,
      storedBeforeParams(probed),
    );
    for (const position of rows[0]?.found ?? []) outcomes[candidates[position - 1] as number] = false;
  }

  /** Stores the readings still `true` in `outcomes` with the INSERT that skips (and names) duplicates. */
  private async insertSkippingDuplicates(
    client: PoolClient,
    readings: readonly TelemetryReading[],
    outcomes: StoreOutcome[],
  ): Promise<void> {
    const left: number[] = [];
    for (let i = 0; i < readings.length; i++) if (outcomes[i] === true) left.push(i);
    if (!left.length) return;
    const params = insertParams(left.map((i) => readings[i] as TelemetryReading));
    let skipped: number[] | null | undefined;
    try {
      const { rows } = await client.query<{ skipped: number[] | null }>(
        INSERT_SKIPPING_DUPLICATES_SQL,
        params,
      );
      skipped = rows[0]?.skipped;
    } catch (e) {
      // The INSERT names no row it refused: the writer writes them one at a time.
      if (isRowErrorCode(codeOf(e))) throw new InvalidReadingError(messageOf(e));
      throw e;
    }
    for (const position of skipped ?? []) outcomes[left[position - 1] as number] = false;
  }
}

function copyInto(client: PoolClient, payload: Buffer): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stream = client.query(copyFrom(COPY_SQL));
    stream.on('error', reject);
    stream.on('finish', resolve);
    stream.end(payload);
  });
}
