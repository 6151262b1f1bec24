import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';
import type { ConnectionChange } from './connection-registry';
import { STATUS_RETURNING, StatusRow } from './kiosk-status-changes';

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

/** The connection columns of `kiosk_state`, written for all the connects and disconnects of a tick at once. */
@Injectable()
export class KioskConnectionStates {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Only the newest change per kiosk matters (its version wins anyway), so each kiosk is written once. */
  async apply(changes: readonly KioskConnectionChange[]): Promise<ConnectionStatusRow[]> {
    const newest = new Map<number, KioskConnectionChange>();
    for (const c of changes) {
      const seen = newest.get(c.kioskId);
      if (!seen || seen.version < c.version) newest.set(c.kioskId, c);
    }
    if (newest.size === 0) return [];
    const rows = [...newest.values()].map((c) => ({
      kiosk_id: c.kioskId,
      connected: c.open > 0,
      version: c.version,
    }));
    return queryRecords<ConnectionStatusRow>(this.dataSource, APPLY_CONNECTION_CHANGES, [
      JSON.stringify(rows),
    ]);
  }
}
