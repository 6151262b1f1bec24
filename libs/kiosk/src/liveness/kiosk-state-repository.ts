import type { QueryResult } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { CommandedStatus, SellCapability } from '@app/contracts';
import { pgPool, queryRecords } from '@app/database';
import { KioskStateEntity } from '../entities/kiosk-state.entity';
import { STATUS_RETURNING, StatusRow } from './kiosk-status-changes';

/**
 * The SQL of a kiosk's state row (`kiosk_state`: liveness signals, the latest reading, the commanded
 * status): the handlers decide what changed, these write it and return the rows whose status moved.
 * `db` is the data source, or the transaction a handler runs in. The liveness sweep and the
 * connection path keep their own statements.
 */
type Db = DataSource | EntityManager;

/** One kiosk's newest reading of a batch, in the shape of the statement's JSON recordset. */
export interface LatestReadingRow {
  kiosk_id: number;
  reading_at: Date;
  received_at: Date;
  reading: unknown;
  skew: number;
  peripherals_ok: boolean;
  can_sell: SellCapability;
}

const APPLY_LATEST_READINGS = `WITH v AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb)
             AS v(kiosk_id int, reading_at timestamptz, received_at timestamptz, reading jsonb, skew real,
                  peripherals_ok bool, can_sell text)),
         old AS (SELECT k.kiosk_id, k.status FROM kiosk_state k JOIN v USING (kiosk_id) ORDER BY k.kiosk_id FOR UPDATE OF k),
         updated AS (
         UPDATE kiosk_state s
            SET reporting = true,
                last_seen_at = GREATEST(s.last_seen_at, v.received_at),
                last_reading_at = v.reading_at, last_reading = v.reading, clock_skew_sec = v.skew,
                peripherals_ok = v.peripherals_ok, can_sell = v.can_sell
           FROM v, old
          WHERE s.kiosk_id = v.kiosk_id AND old.kiosk_id = v.kiosk_id AND NOT s.decommissioned
            -- a late, older reading (a resend after reconnect) never replaces the latest one
            AND (s.last_reading_at IS NULL OR v.reading_at >= s.last_reading_at)
          RETURNING ${STATUS_RETURNING})
         -- Only the kiosks whose status this batch changed: a row per reading is work for nothing.
         SELECT * FROM updated WHERE previous IS DISTINCT FROM status`;

/**
 * Every telemetry batch, at fleet rate: the batch travels as one JSON document (one native
 * JSON.stringify instead of seven hand-built arrays with the readings quoted inside one of them),
 * in a plain statement for pg (no QueryRunner). Not async: the caller's await is the only one.
 */
export function applyLatestReadings(
  dataSource: DataSource,
  rows: readonly LatestReadingRow[],
): Promise<QueryResult<StatusRow>> {
  return pgPool(dataSource).query<StatusRow>(APPLY_LATEST_READINGS, [JSON.stringify(rows)]);
}

/** `block`/`maintenance` confirmed (null: `unblock`); the row is locked to read the status before. */
export function applyCommandedStatus(
  db: Db,
  kioskId: number,
  status: CommandedStatus | null,
): Promise<StatusRow[]> {
  return queryRecords<StatusRow>(
    db,
    `WITH old AS (SELECT kiosk_id, status FROM kiosk_state WHERE kiosk_id = $1 FOR UPDATE)
         UPDATE kiosk_state s SET commanded_status = $2 FROM old WHERE s.kiosk_id = old.kiosk_id
         RETURNING ${STATUS_RETURNING}`,
    [kioskId, status],
  );
}

/** The state row a registration creates beside the kiosk: every signal at its default. */
export async function insertState(db: Db, kioskId: number): Promise<void> {
  await db.getRepository(KioskStateEntity).insert({ kioskId });
}

export function findState(db: Db, kioskId: number): Promise<KioskStateEntity> {
  return db.getRepository(KioskStateEntity).findOneByOrFail({ kioskId });
}

/** A decommissioned kiosk is neither connected nor reporting, whatever its last signals said. */
export async function markStateDecommissioned(db: Db, kioskId: number): Promise<void> {
  await db
    .getRepository(KioskStateEntity)
    .update({ kioskId }, { decommissioned: true, connected: false, reporting: false });
}
