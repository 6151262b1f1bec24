import type { QueryResult } from 'pg';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CommandedStatus, SellCapability } from '@app/contracts';
import { pgPool, queryRecords } from '@app/database';
import { KioskStateEntity } from '../entities/kiosk-state.entity';
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

/**
 * The statements of a kiosk's state row (`kiosk_state`: liveness signals, the latest reading, the
 * commanded status): the handlers decide what changed, these write it and return the rows whose
 * status moved. `manager` is the transaction a handler runs the statement in. The liveness sweep
 * and the connection path keep their own statements.
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
