import type { QueryResult } from 'pg';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CommandedStatus, SellCapability } from '@app/contracts';
import { pgPool, queryRecords } from '@app/database';
import { KioskStateEntity } from '../entities/kiosk-state.entity';
import type { ConnectionChange } from './connection-registry';
import { STATUS_RETURNING, StatusRow } from './kiosk-status-changes';

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

export type ConnectionStatusRow = StatusRow & { previous_connected: boolean };

/** A kiosk's connection change as the registry counted it. */
export type KioskConnectionChange = { kioskId: number } & ConnectionChange;

/**
 * Writes `connected` of many kiosks in one statement, each as of its change, unless a newer change
 * was written already (the version orders concurrent changes from several instances). Rows are
 * locked in kiosk order, as the telemetry state update locks them, so the two never deadlock.
 */
const APPLY_CONNECTION_CHANGES = `WITH v AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS v(kiosk_id int, connected bool, version bigint)),
         old AS (SELECT k.kiosk_id, k.status, k.connected FROM kiosk_state k JOIN v USING (kiosk_id)
                  ORDER BY k.kiosk_id FOR UPDATE OF k)
         UPDATE kiosk_state s
            SET connected = v.connected, connection_version = v.version,
                -- A (re)connection is a sign of life: the kiosk gets the usual 3 intervals to report
                -- before it counts as stale, instead of flashing stale between connect and first reading.
                reporting = CASE WHEN v.connected AND NOT old.connected THEN true ELSE s.reporting END,
                last_seen_at = CASE WHEN v.connected THEN now() ELSE s.last_seen_at END
           FROM v, old
          WHERE s.kiosk_id = v.kiosk_id AND old.kiosk_id = v.kiosk_id
            AND s.connection_version < v.version AND NOT s.decommissioned
          RETURNING ${STATUS_RETURNING}, old.connected AS previous_connected`;

/** Kiosks reporting but silent for 3 intervals stop counting as reporting (the leader's sweep). */
const MARK_SILENT_STALE = `WITH old AS (SELECT kiosk_id, status FROM kiosk_state
                     WHERE reporting AND last_seen_at < now() - make_interval(secs => $1)
                     FOR UPDATE SKIP LOCKED)
       UPDATE kiosk_state s SET reporting = false FROM old WHERE s.kiosk_id = old.kiosk_id
       RETURNING ${STATUS_RETURNING}`;

/**
 * The statements of a kiosk's state row (`kiosk_state`: liveness signals, the latest reading, the
 * commanded status): the handlers decide what changed, these write it and return the rows whose
 * status moved. `manager` is the transaction a handler runs the statement in.
 */
@Injectable()
export class KioskStateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Every telemetry batch, at fleet rate: the batch travels as one JSON document (one native
   * JSON.stringify instead of seven hand-built arrays with the readings quoted inside one of them),
   * in a plain statement for pg (no QueryRunner). Not async: the caller's await is the only one.
   */
  applyLatestReadings(rows: readonly LatestReadingRow[]): Promise<QueryResult<StatusRow>> {
    return pgPool(this.dataSource).query<StatusRow>(APPLY_LATEST_READINGS, [JSON.stringify(rows)]);
  }

  /**
   * The connects and disconnects of a tick (or a dead instance's released kiosks), one statement.
   * Only the newest change per kiosk matters (its version wins anyway), so each kiosk is written once.
   */
  applyConnectionChanges(changes: readonly KioskConnectionChange[]): Promise<ConnectionStatusRow[]> {
    const newest = new Map<number, KioskConnectionChange>();
    for (const c of changes) {
      const seen = newest.get(c.kioskId);
      if (!seen || seen.version < c.version) newest.set(c.kioskId, c);
    }
    if (newest.size === 0) return Promise.resolve([]);
    const rows = [...newest.values()].map((c) => ({
      kiosk_id: c.kioskId,
      connected: c.open > 0,
      version: c.version,
    }));
    return queryRecords<ConnectionStatusRow>(this.dataSource, APPLY_CONNECTION_CHANGES, [
      JSON.stringify(rows),
    ]);
  }

  /** Marks kiosks stale that stopped reporting for `silentAfterSec`; rows already locked are next sweep's. */
  markSilentStale(silentAfterSec: number): Promise<StatusRow[]> {
    return queryRecords<StatusRow>(this.dataSource, MARK_SILENT_STALE, [silentAfterSec]);
  }

  /** `block`/`maintenance` confirmed (null: `unblock`); the row is locked to read the status before. */
  applyCommandedStatus(kioskId: number, status: CommandedStatus | null): Promise<StatusRow[]> {
    return queryRecords<StatusRow>(
      this.dataSource,
      `WITH old AS (SELECT kiosk_id, status FROM kiosk_state WHERE kiosk_id = $1 FOR UPDATE)
         UPDATE kiosk_state s SET commanded_status = $2 FROM old WHERE s.kiosk_id = old.kiosk_id
         RETURNING ${STATUS_RETURNING}`,
      [kioskId, status],
    );
  }

  /** The state row a registration creates beside the kiosk: every signal at its default. */
  async insert(kioskId: number, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource).getRepository(KioskStateEntity).insert({ kioskId });
  }

  find(kioskId: number, manager?: EntityManager): Promise<KioskStateEntity> {
    return (manager ?? this.dataSource).getRepository(KioskStateEntity).findOneByOrFail({ kioskId });
  }

  /** A decommissioned kiosk is neither connected nor reporting, whatever its last signals said. */
  async markDecommissioned(kioskId: number, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource)
      .getRepository(KioskStateEntity)
      .update({ kioskId }, { decommissioned: true, connected: false, reporting: false });
  }
}
