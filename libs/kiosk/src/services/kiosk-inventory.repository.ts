import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';
import { semverSortKey, type KioskCapabilities } from './firmware-version';

/** What one join reported; a null firmware version leaves the one on record. */
export interface InventoryReport {
  kioskId: number;
  firmwareVersion: string | null;
  capabilities: KioskCapabilities;
}

export interface InventoryWrite {
  kioskId: number;
  updated: boolean;
  firmwareChanged: boolean;
}

/**
 * The joins of many kiosks in one statement. The rows are locked first, in kiosk order, so two
 * racing joins of one kiosk (in two batches, or on two instances) see each other's version: a
 * change adds exactly one history row and a repeat adds none. The kiosk row is written only when
 * something changed, since reconnects are frequent and mostly repeat what is on record.
 */
const RECORD_INVENTORY = `WITH v AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb)
             AS v(kiosk_id int, firmware_version text, sort_key text, capabilities jsonb)),
         old AS (SELECT k.id, k.firmware_version FROM kiosks k JOIN v ON v.kiosk_id = k.id
                  ORDER BY k.id FOR UPDATE OF k),
         upd AS (
           UPDATE kiosks k
              SET firmware_version = COALESCE(v.firmware_version, k.firmware_version),
                  firmware_sort_key = CASE WHEN v.firmware_version IS NULL THEN k.firmware_sort_key
                                           ELSE v.sort_key COLLATE "C" END,
                  capabilities = v.capabilities
             FROM v, old
            WHERE k.id = v.kiosk_id AND old.id = v.kiosk_id
              AND (k.capabilities IS DISTINCT FROM v.capabilities
                   OR (v.firmware_version IS NOT NULL AND k.firmware_version IS DISTINCT FROM v.firmware_version))
           RETURNING k.id),
         hist AS (
           INSERT INTO kiosk_firmware_history (kiosk_id, firmware_version)
           SELECT old.id, v.firmware_version FROM old JOIN v ON v.kiosk_id = old.id
            WHERE v.firmware_version IS NOT NULL AND old.firmware_version IS DISTINCT FROM v.firmware_version
           RETURNING kiosk_id)
         SELECT v.kiosk_id,
                EXISTS (SELECT 1 FROM upd WHERE upd.id = v.kiosk_id) AS updated,
                EXISTS (SELECT 1 FROM hist WHERE hist.kiosk_id = v.kiosk_id) AS firmware_changed
           FROM v`;

/** Writes of the inventory a kiosk reports at join (`kiosks` firmware and capabilities, firmware history). */
@Injectable()
export class KioskInventoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One statement per round: a kiosk that joined twice within one batch has its second report in
   * the next round, so each report gets the outcome it would have had on its own.
   */
  async record(reports: readonly InventoryReport[]): Promise<InventoryWrite[]> {
    const rounds: Array<Map<number, number>> = [];
    reports.forEach((r, i) => {
      let round = rounds.find((m) => !m.has(r.kioskId));
      if (!round) rounds.push((round = new Map()));
      round.set(r.kioskId, i);
    });
    const out: InventoryWrite[] = new Array<InventoryWrite>(reports.length);
    for (const round of rounds) {
      const batch = [...round.values()].map((i) => reports[i]);
      const rows = await queryRecords<{ kiosk_id: number; updated: boolean; firmware_changed: boolean }>(
        this.dataSource,
        RECORD_INVENTORY,
        [JSON.stringify(batch.map(toRecord))],
      );
      const byKiosk = new Map(rows.map((row) => [row.kiosk_id, row]));
      for (const [kioskId, i] of round) {
        const row = byKiosk.get(kioskId);
        out[i] = { kioskId, updated: row?.updated ?? false, firmwareChanged: row?.firmware_changed ?? false };
      }
    }
    return out;
  }
}

function toRecord(r: InventoryReport) {
  return {
    kiosk_id: r.kioskId,
    firmware_version: r.firmwareVersion,
    sort_key: r.firmwareVersion === null ? null : semverSortKey(r.firmwareVersion),
    capabilities: r.capabilities,
  };
}
