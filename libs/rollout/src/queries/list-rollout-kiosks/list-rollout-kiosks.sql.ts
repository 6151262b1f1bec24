import type { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';
import type { RolloutKioskState } from '../../dto/rollout-kiosk.dto';

export interface RolloutKioskRow {
  kiosk_id: number;
  serial: string;
  wave: number;
  position: number;
  state: RolloutKioskState;
  detail: string | null;
  command_id: string | null;
  rejoined_at: Date | null;
  updated_at: Date;
}

export interface RolloutKioskSelection {
  rolloutId: string;
  status: RolloutKioskState | null;
  wave: number | null;
  /** The kiosks the viewer may see; null for every kiosk. */
  visible: number[] | null;
  /** Keyset: the (wave, position) of the previous page's last row. */
  after: { wave: number; position: number } | null;
  limit: number;
}

export async function rolloutExists(db: DataSource, id: string): Promise<boolean> {
  const rows = await queryRecords<{ id: string }>(db, `SELECT id FROM rollouts WHERE id = $1`, [id]);
  return rows.length > 0;
}

/**
 * In wave order, then the order the plan gave the kiosks within it (`position` is unique in a
 * rollout). The serial comes from the kiosk module's read model, never its table.
 */
export function listRolloutKioskRows(db: DataSource, s: RolloutKioskSelection): Promise<RolloutKioskRow[]> {
  return queryRecords<RolloutKioskRow>(
    db,
    `SELECT rk.kiosk_id, k.serial, rk.wave, rk.position, rk.state, rk.detail, rk.command_id,
            rk.rejoined_at, rk.updated_at
       FROM rollout_kiosks rk
       JOIN kiosk_facts_v k ON k.id = rk.kiosk_id
      WHERE rk.rollout_id = $1
        AND ($2::text IS NULL OR rk.state = $2)
        AND ($3::int IS NULL OR rk.wave = $3)
        AND ($4::int[] IS NULL OR rk.kiosk_id = ANY ($4::int[]))
        AND ($5::int IS NULL OR (rk.wave, rk.position) > ($5::int, $6::int))
      ORDER BY rk.wave, rk.position
      LIMIT $7`,
    [s.rolloutId, s.status, s.wave, s.visible, s.after?.wave ?? null, s.after?.position ?? null, s.limit],
  );
}
